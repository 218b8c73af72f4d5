#!/usr/bin/env bash
# The fuzz targets (fuzz/, its own cargo workspace; bodies in fuzz-targets/):
# installs cargo-fuzz if missing, builds every target without a sanitizer
# (`-s none`: works on stable Rust), then runs each for FUZZ_SECONDS
# (default 30), two at a time (the CI machine has 2 cores), from its saved
# corpus fuzz/corpus/<target>/ (read only: new finds go to a scratch
# folder). A crash fails the part; the log names the artifact to copy into
# fuzz/corpus/<target>/ once fixed. Writes "PASSED FAILED" (targets) to
# target/ci-counts/fuzz. Runs from the repository root.
set -euo pipefail
cd "$(dirname "$0")/../.."

CARGO_FUZZ_VERSION=0.13.2
FUZZ_SECONDS=${FUZZ_SECONDS:-30}
LOGS=target/fuzz-ci
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '\n==> fuzz: %s\n' "$*"; }

if [ "$(cargo fuzz --version 2>/dev/null || true)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
  log "install cargo-fuzz $CARGO_FUZZ_VERSION"
  cargo install cargo-fuzz --locked --version "=$CARGO_FUZZ_VERSION"
fi

targets=$(cargo fuzz list)
log "build $(echo "$targets" | wc -l) targets (release, debug assertions, no sanitizer)"
cargo fuzz build -s none --debug-assertions

rm -rf "$LOGS" && mkdir -p "$LOGS" target/ci-counts

run_one() {
  local t=$1
  mkdir -p "$LOGS/new/$t"
  # First folder: where new finds go (scratch); second: the saved seeds.
  if cargo fuzz run -s none --debug-assertions "$t" "$LOGS/new/$t" "fuzz/corpus/$t" -- \
      -max_total_time="$FUZZ_SECONDS" -timeout=120 -print_final_stats=1 > "$LOGS/$t.log" 2>&1; then
    echo ok > "$LOGS/$t.status"
    printf 'fuzz: %-22s ok   %s\n' "$t" "$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$LOGS/$t.log" | grep -Eo '[0-9]+$') runs"
  else
    echo failed > "$LOGS/$t.status"
    printf 'fuzz: %-22s FAILED (log: %s)\n' "$t" "$LOGS/$t.log"
  fi
}
export -f run_one
export LOGS FUZZ_SECONDS

log "run each target for ${FUZZ_SECONDS}s, two at a time"
echo "$targets" | xargs -P 2 -I{} bash -c 'run_one {}'

passed=0
failed=0
for t in $targets; do
  if [ "$(cat "$LOGS/$t.status" 2>/dev/null)" = ok ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "--- $t: last lines of $LOGS/$t.log"
    tail -40 "$LOGS/$t.log" || true
    grep -E 'Test unit written to|artifact_prefix' "$LOGS/$t.log" || true
  fi
done
echo "$passed $failed" > target/ci-counts/fuzz
echo "fuzz: $passed targets passed, $failed failed"
[ "$failed" -eq 0 ]
