"""A plain `rq worker` imports a job's module by itself: each must import alone, with no cycle."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = ("server/jobs", "server/wechat_protocol")


def modules():
    for package in PACKAGES:
        for path in sorted((ROOT / package).glob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            yield ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@pytest.mark.parametrize("module", list(modules()))
def test_module_imports_in_a_fresh_interpreter(module):
    result = subprocess.run(
        [sys.executable, "-c", f"import {module}"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, f"import {module} failed:\n{result.stderr[-2000:]}"
