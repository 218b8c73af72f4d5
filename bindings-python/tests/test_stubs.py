"""The hand-written stub matches the module, and every public item is documented."""

import inspect
import subprocess
import sys
from pathlib import Path

import pytest

import filrouge

ROOT = Path(__file__).resolve().parents[1]


def test_stubtest_passes():
    pytest.importorskip("mypy")
    run = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "filrouge", "--allowlist", str(ROOT / "stubtest-allowlist.txt")],
        capture_output=True, text=True, cwd=ROOT.parent,  # not the crate folder: import the installed wheel
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_py_typed_ships_with_the_package():
    assert (Path(filrouge.__file__).parent / "py.typed").exists()


def public():
    for name in filrouge.__all__:
        obj = getattr(filrouge, name)
        if name.startswith("__"):
            continue
        yield name, obj
        if inspect.isclass(obj) and not issubclass(obj, BaseException):
            for attr, member in vars(obj).items():
                if not attr.startswith("_"):
                    yield f"{name}.{attr}", member


@pytest.mark.parametrize("name,obj", list(public()), ids=[n for n, _ in public()])
def test_every_public_item_has_a_docstring(name, obj):
    assert (getattr(obj, "__doc__", None) or "").strip(), f"{name} has no docstring"
