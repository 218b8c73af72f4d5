#!/usr/bin/env bash
# What reconcileAsync costs V8's young generation, independent of the
# machine's load: runs bench/reconcile.mjs (same arguments) under
# `node --trace-gc-nvp` and, between the bench's "=== reconcileAsync"
# markers, sums V8's own figures: scavenges (count, pauses as V8 timed
# them), bytes allocated since the previous collection, and bytes the
# scavenges found alive in the young generation (new_space_survived, kept
# there) or promoted to the old generation; the largest survival of one
# scavenge is what src/young.rs keeps small.
#
#   bash bench/young.sh [node flags --] [bench arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
flags=()
if [[ " $* " == *" -- "* ]]; then
  while [[ $1 != -- ]]; do flags+=("$1"); shift; done
  shift
fi
node "${flags[@]}" --trace-gc-nvp bench/reconcile.mjs "$@" | awk '
  /^=== reconcileAsync begins/ { on = 1; next }
  /^=== reconcileAsync ends/ { on = 0; next }
  !/ gc=/ { if (!on) print; next }
  on {
    kind = ""; pause = 0
    for (i = 1; i <= NF; i++) {
      split($i, kv, "=")
      if (kv[1] == "gc") kind = kv[2]
      else if (kv[1] == "pause") pause = kv[2] + 0
      else if (kv[1] == "allocated") alloc += kv[2]
      else if (kv[1] == "new_space_survived") { survived += kv[2]; if (kv[2] + 0 > most) most = kv[2] + 0 }
      else if (kv[1] == "promoted") promoted += kv[2]
    }
    if (kind == "s") { n++; total += pause; if (pause > max) max = pause; if (pause > 10) over++ }
    else others++
  }
  END {
    printf "V8 during reconcileAsync: %d scavenges, %.0f ms in all, longest %.1f ms, %d over 10 ms; %d other collections; allocated %.1f MiB, survived %.1f MiB (at most %.2f MiB in one), promoted %.1f MiB\n", n, total, max, over, others, alloc / 1048576, survived / 1048576, most / 1048576, promoted / 1048576
  }'
