"""The package surface: public names, lazy loading, and a light import."""

from __future__ import annotations

import subprocess
import sys
import types

import pytest

import netpromoter as nps


def test_every_public_name_resolves_to_a_function_or_class_not_a_module() -> None:
    for name in nps.__all__:
        value = getattr(nps, name)
        assert not isinstance(value, types.ModuleType), name
    # Loading one layer that imports another must not shadow the other's function.
    assert callable(nps.segments) and callable(nps.compare) and callable(nps.trend)
    assert nps.compare.__module__ == "netpromoter.compare"


def test_importing_a_layer_directly_does_not_shadow_its_function() -> None:
    # netpromoter.dask imports netpromoter.segments and netpromoter.trend itself.
    code = (
        "from netpromoter import dask; import netpromoter as nps, types; "
        "print([n for n in ('segments', 'trend', 'compare', 'prioritize') "
        "if isinstance(getattr(nps, n), types.ModuleType)])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_import_is_light() -> None:
    # No scipy, pandas, matplotlib or dask, and the analysis layers load on first use.
    code = (
        "import sys, netpromoter; "
        "print(sorted(m for m in ('scipy', 'pandas', 'matplotlib', 'dask', 'netpromoter.trend',"
        " 'statistics') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_unknown_attribute_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_function"):
        nps.no_such_function  # type: ignore[attr-defined]  # noqa: B018
