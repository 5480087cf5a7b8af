"""The gold data stays valid: every evidence quote is in its document, the schema holds."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

GOLD = Path(__file__).resolve().parents[2] / "eval" / "gold"


@pytest.mark.parametrize("checker", ["check_quotes.py", "check_comparison.py"])
def test_gold_checker_passes(checker: str) -> None:
    run = subprocess.run(
        [sys.executable, str(GOLD / checker)], capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
