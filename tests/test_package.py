"""The package surface: public names, lazy loading, and a light import."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
import types
from collections.abc import Iterator
from pathlib import Path

import pytest

import netpromoter as nps


def test_every_public_name_resolves_to_a_function_or_class_not_a_module() -> None:
    for name in nps.__all__:
        value = getattr(nps, name)
        assert not isinstance(value, types.ModuleType), name
    # Loading one layer that imports another must not shadow the other's function.
    assert callable(nps.segments) and callable(nps.compare) and callable(nps.trend)
    assert nps.compare.__module__ == "netpromoter._analysis._compare"


def _modules() -> list[str]:
    """Every module of the package, by its dotted name."""
    return sorted(m.name for m in pkgutil.walk_packages(nps.__path__, "netpromoter."))


def test_no_public_name_is_also_a_module_name() -> None:
    leaves = {name.rsplit(".", 1)[-1] for name in _modules()}
    assert leaves & set(nps.__all__) == set()


@pytest.mark.parametrize("module", ["netpromoter.dask", "netpromoter.plot", "netpromoter._analysis._trend"])
def test_importing_any_module_directly_shadows_no_public_name(module: str) -> None:
    code = (
        f"import importlib, types; importlib.import_module({module!r}); import netpromoter as nps; "
        "print([n for n in nps.__all__ if isinstance(getattr(nps, n), types.ModuleType)])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_ls_shows_the_public_surface_and_the_five_stages() -> None:
    top = Path(nps.__file__).parent
    entries = {p.name for p in top.iterdir() if not p.name.startswith("__pycache__")}
    assert set(_STAGES) <= entries
    private_files = {e for e in entries if e.startswith("_") and e.endswith(".py")}
    assert private_files == {"__init__.py", "__main__.py"}


# The stages in import order; the public leaf modules may be imported by every stage,
# and the top-level public modules (the package, demo, datasets, plot, engines) by none.
_STAGES = {"_input": 1, "_counts": 2, "_stats": 3, "_results": 4, "_analysis": 5}
_LEAVES = {"netpromoter.errors", "netpromoter.typing"}


def _stage(module: str) -> int:
    if module in _LEAVES:
        return 0
    parts = module.split(".")
    return _STAGES.get(parts[1], 6) if len(parts) > 1 else 6


def _imports(path: Path, module: str) -> Iterator[tuple[str, list[str], int]]:
    """(imported module, imported names, line) for every import, at any depth of the file."""
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            names = [alias.name for alias in node.names]
            if target.startswith("netpromoter"):
                for name in names:  # `from . import x` may import a module
                    if f"{target}.{name}" in _ALL_MODULES:
                        yield f"{target}.{name}", [], node.lineno
                        names = [n for n in names if n != name]
                yield target, names, node.lineno
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("netpromoter"):
                    yield alias.name, [], node.lineno


_ALL_MODULES = set(_modules())


def test_imports_flow_one_way_down_the_stages_and_never_into_a_private_helper() -> None:
    top = Path(nps.__file__).parent
    problems = []
    for module in sorted(_ALL_MODULES | {"netpromoter"}):
        relative = module.split(".")[1:]
        path = top.joinpath(*relative)
        path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
        stage = _stage(module)
        for target, names, line in _imports(path, module):
            if target == "netpromoter" and stage < 6:
                problems.append(f"{module}:{line} imports the package itself")
            if _stage(target) > stage:
                problems.append(f"{module}:{line} imports {target} from a later stage")
            private = [n for n in names if n.startswith("_") and target != module]
            if private:
                problems.append(f"{module}:{line} imports private {private} from {target}")
    assert problems == []


def test_import_is_light() -> None:
    # No scipy, pandas, matplotlib or dask, and the analysis layers load on first use.
    code = (
        "import sys, netpromoter; "
        "print(sorted(m for m in ('scipy', 'pandas', 'matplotlib', 'dask', 'statistics',"
        " 'netpromoter._analysis._trend', 'netpromoter._stats._dirichlet', 'netpromoter._counts._grouped')"
        " if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_unknown_attribute_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_function"):
        nps.no_such_function  # noqa: B018
