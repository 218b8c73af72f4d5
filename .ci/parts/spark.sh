#!/usr/bin/env bash
# The Spark recipe (bindings-python/examples/spark/): PySpark in local mode
# (local[2], Java 17) runs filrouge through mapInArrow over partitioned
# Parquet (reconciliation by client group, scoring by company, retention by
# record) and checks the output equals one single-process run, plus a
# negative control. Reuses python.sh's virtualenv and installed wheel (runs
# after it by name order). Writes "PASSED FAILED". Runs from the repository root.
set -euo pipefail

VENV=target/python-ci/venv
OUT=target/spark-ci
rm -rf "$OUT" && mkdir -p "$OUT" target/ci-counts

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c "import filrouge" 2>/dev/null; then
  echo "spark: run .ci/parts/python.sh first (it builds and installs the wheel)" >&2
  echo "0 1" > target/ci-counts/spark
  exit 1
fi
if ! command -v java >/dev/null; then
  apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
java -version 2>&1 | head -1
# pyspark's mapInArrow needs pandas (< 3: pyspark 4.3 warns it does not fully support 3.x).
"$VENV/bin/python" -m pip install -q "pyspark==4.3.0" "pandas==2.3.3"

status=0
SPARK_MASTER="local[2]" "$VENV/bin/python" bindings-python/examples/spark/job.py all "$OUT" \
  --partitions 8 --counts target/ci-counts/spark 2> "$OUT/spark.log" || status=$?
[ -s target/ci-counts/spark ] || { tail -40 "$OUT/spark.log" >&2; echo "0 1" > target/ci-counts/spark; status=1; }
[ "$status" = 0 ] || tail -40 "$OUT/spark.log" >&2
echo "spark: $(cat target/ci-counts/spark) (passed failed)"
exit "$status"
