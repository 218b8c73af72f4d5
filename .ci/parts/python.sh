#!/usr/bin/env bash
# The Python binding: build the abi3 wheel once (debug), install it into a
# fresh virtualenv with pyarrow, polars, pytest and mypy from PyPI, run the
# pytest suite (conformance vectors through the Python API, conversion,
# errors, Arrow, garbage input, stubtest) and write "PASSED FAILED".
# Runs from the repository root.
set -euo pipefail

VENV=target/python-ci/venv
OUT=target/python-ci
rm -rf "$OUT" && mkdir -p "$OUT" target/ci-counts

if ! python3 -m venv "$VENV" 2>/dev/null; then
  # Debian ships venv separately.
  apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
  rm -rf "$VENV" && python3 -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install -q --upgrade pip
"$VENV/bin/python" -m pip install -q \
  "maturin==1.16.0" "pyarrow==26.0.1" "polars==2.1.0" "pytest==9.2.0" "mypy==2.4.1"

# A debug wheel: the tests check behaviour, not speed, and a release build
# of pyo3 and the core costs CI minutes (see DESIGN.md, Python binding).
# The speed figures come from bench/bench.py on a release wheel.
"$VENV/bin/maturin" build --locked -m bindings-python/Cargo.toml -o "$OUT/wheels"
"$VENV/bin/python" -m pip install -q "$OUT"/wheels/filrouge-*.whl

# Conformance vectors with the runner's own summary (skipped = not exposed yet).
status=0
"$VENV/bin/python" bindings-python/tests/vectors.py tests/vectors || status=$?

"$VENV/bin/python" -m pytest bindings-python/tests -q -p no:cacheprovider \
  --junitxml="$OUT/junit.xml" || status=$?

"$VENV/bin/python" - "$OUT/junit.xml" > target/ci-counts/python <<'PY'
import sys
import xml.etree.ElementTree as ET

root = ET.parse(sys.argv[1]).getroot()
suites = [root] if root.tag == "testsuite" else list(root)
tests = sum(int(s.get("tests", 0)) for s in suites)
failed = sum(int(s.get("failures", 0)) + int(s.get("errors", 0)) for s in suites)
skipped = sum(int(s.get("skipped", 0)) for s in suites)
print(tests - failed - skipped, failed)
PY
echo "python: $(cat target/ci-counts/python) (passed failed)"
exit "$status"
