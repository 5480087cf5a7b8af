"""The installed package carries every data file the code reads (the Docker image installs
the wheel, not the source tree: a file left out of `package-data` fails only there)."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("corpus", "index", "service")


def _tracked(*paths: str) -> list[str]:
    out = subprocess.run(
        ["git", "ls-files", *paths], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return out.stdout.split()


def test_wheel_carries_every_data_file(tmp_path: Path) -> None:
    wanted = [f for f in _tracked(*PACKAGES) if not f.endswith(".py")]
    assert "service/answer/scorer.json" in wanted  # the check reads the files the code reads
    # a clean copy of the tracked files: a stale build/ of the working tree would hide a gap
    src = tmp_path / "src"
    for f in _tracked():
        (src / f).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / f, src / f)
    pip = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    subprocess.run(
        [*pip, "-w", str(tmp_path), str(src)],
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "PIP_NO_INDEX": "1", "HOME": str(tmp_path)},
    )
    wheel = next(tmp_path.glob("scrutiny-*.whl"))
    members = set(zipfile.ZipFile(wheel).namelist())
    assert [f for f in wanted if f not in members] == []
