"""The demo: ``python -m netpromoter`` prints a readable report."""

from __future__ import annotations

import subprocess
import sys

import netpromoter as nps
from netpromoter.__main__ import report
from netpromoter.datasets import example_survey


def test_report_states_the_overall_score_and_interval() -> None:
    text = report()
    overall = nps.score(example_survey().score)
    assert f"NPS {overall.nps:+.1f}" in text
    assert f"95% CI {overall.ci.low:+.1f} to {overall.ci.high:+.1f}" in text
    assert "By channel" in text and "By plan" in text


def test_module_runs_as_a_program() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "netpromoter"], capture_output=True, text=True, check=True, timeout=120
    )
    assert done.stdout.startswith("netpromoter demo")
    assert done.stderr == ""
