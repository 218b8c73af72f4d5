#!/usr/bin/env bash
# Benchmarks of the mobile binding on the JVM (end to end: Kotlin records,
# FFI copy, core). Uses the artefacts of .ci/parts/mobile.sh (run it first):
# the mobile-profile library and the compiled Kotlin jar.
#   bindings-mobile/bench.sh [--scale small|default]
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=$(ls -t target/mobile-kt/tests-*.jar 2>/dev/null | head -1)
[ -n "$JAR" ] || { echo "run bash .ci/parts/mobile.sh first" >&2; exit 1; }
STDLIB=target/mobile-tools/node_modules/kotlin-compiler/lib/kotlin-stdlib.jar
exec java -Xmx4g -Djna.library.path=target/mobile -cp "$JAR:/usr/share/java/jna.jar:$STDLIB" filrouge.test.BenchKt "$@"
