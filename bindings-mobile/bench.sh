#!/usr/bin/env bash
# Benchmarks of the mobile binding on the JVM (end to end: Kotlin records,
# FFI copy, core). Uses the compiled Kotlin jar of .ci/parts/mobile.sh (run
# it first) and builds the library with the shipped `mobile` profile (opt
# level s, fat LTO: minutes). The jar's bindings were generated from the
# CI's library, built with the feature `testing` (one more function, the
# deliberately panicking one, which the bindings look up at load), so the
# library is built with it too; nothing else differs from the shipped one.
#   bindings-mobile/bench.sh [--scale small|default]
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=$(ls -t target/mobile-kt/tests-*.jar 2>/dev/null | head -1)
[ -n "$JAR" ] || { echo "run bash .ci/parts/mobile.sh first" >&2; exit 1; }
STDLIB=target/mobile-tools/node_modules/kotlin-compiler/lib/kotlin-stdlib.jar
cargo build --quiet --locked -p filrouge-mobile --profile mobile --features testing --lib
exec java -Xmx4g -Djna.library.path=target/mobile -cp "$JAR:/usr/share/java/jna.jar:$STDLIB" filrouge.test.BenchKt "$@"
