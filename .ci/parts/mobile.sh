#!/usr/bin/env bash
# The mobile binding (bindings-mobile/): builds the native library and the
# in-crate uniffi-bindgen, generates the Kotlin and Swift sources, checks
# them, compiles the Kotlin tests with kotlinc and runs them on the JVM
# against the library built in debug (the shipped `mobile` profile's
# optimised LTO build took minutes of CI; bindings-mobile/size.sh builds it
# and prints its size), after checking that the shipped profiles keep
# panics unwinding into exceptions. Writes "PASSED FAILED" to
# target/ci-counts/mobile. Runs from the repo root.
set -euo pipefail
cd "$(dirname "$0")/../.."

log() { printf '\n==> mobile: %s\n' "$*"; }

KOTLIN_VERSION=2.4.20
TOOLS=target/mobile-tools
GEN=target/mobile-gen
OUT=target/mobile-kt

# --- Tools: JNA from Debian, kotlinc from npm (no Maven Central here) -----
if [ ! -f /usr/share/java/jna.jar ]; then
  log "install libjna-java (apt)"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libjna-java >/dev/null
fi
KOTLIN_HOME="$TOOLS/node_modules/kotlin-compiler"
if [ "$(cat "$KOTLIN_HOME/package.json" 2>/dev/null | grep -o "\"version\": \"$KOTLIN_VERSION\"" || true)" = "" ]; then
  log "install kotlin-compiler@$KOTLIN_VERSION (npm)"
  mkdir -p "$TOOLS"
  npm install --prefix "$TOOLS" --no-audit --no-fund --no-save --silent "kotlin-compiler@$KOTLIN_VERSION"
fi
KOTLINC="$KOTLIN_HOME/bin/kotlinc"
STDLIB="$KOTLIN_HOME/lib/kotlin-stdlib.jar"
JNA=/usr/share/java/jna.jar

# --- Native library and bindgen ------------------------------------------
log "build uniffi-bindgen (debug, feature cli)"
cargo build --quiet --locked -p filrouge-mobile --features cli --bin uniffi-bindgen
log "build the library (debug, feature testing: adds one deliberately panicking function)"
cargo build --quiet --locked -p filrouge-mobile --features testing --lib
LIB=target/debug/libfilrouge_mobile.so
# A panic caught at the FFI boundary becomes an exception only if panics
# unwind: the shipped profile (and the release profile it inherits) must not abort.
if awk '/^\[profile\.(release|mobile)\]/{p=1; next} /^\[/{p=0} p' Cargo.toml | grep -Eq '^\s*panic\s*=\s*"abort"'; then
  echo "mobile: Cargo.toml sets panic = \"abort\" in [profile.release] or [profile.mobile]: panics would kill the app" >&2
  exit 1
fi

# --- Generate and check the sources ---------------------------------------
log "generate Kotlin and Swift (library mode)"
rm -rf "$GEN"
target/debug/uniffi-bindgen generate --no-format --library "$LIB" --language kotlin --language swift --out-dir "$GEN" >/dev/null
for f in "$GEN/filrouge/filrouge.kt" "$GEN/FilRouge.swift" "$GEN/FilRougeFFI.h" "$GEN/FilRougeFFI.modulemap"; do
  [ -s "$f" ] || { echo "mobile: $f is missing or empty" >&2; exit 1; }
done
# The generated API names what an app calls (no Swift compiler here: this
# checks the Swift sources were produced with the expected declarations).
for decl in 'public func reconcile(' 'public func history(' 'public func evaluate(' 'open class Reconciler' \
            'enum FilrougeError: Swift.Error' 'public typealias Timestamp = Date' 'public typealias Day = Date' \
            'open class RevealLedger' 'open class FollowUpBook' 'public func merge(' 'open class Routine' 'public func score(' \
            'open class TriggerSet' 'open class SurveyPressure' 'public func npsClass(' 'open class Pipeline' 'public func eligibility('; do
  grep -qF "$decl" "$GEN/FilRouge.swift" || { echo "mobile: FilRouge.swift lacks '$decl'" >&2; exit 1; }
done
grep -qF 'package filrouge' "$GEN/filrouge/filrouge.kt"
grep -qF 'public typealias Timestamp = java.time.Instant' "$GEN/filrouge/filrouge.kt"
echo "Kotlin $(wc -c < "$GEN/filrouge/filrouge.kt") bytes, Swift $(wc -c < "$GEN/FilRouge.swift") bytes"

# --- Compile the Kotlin tests (cached by the hash of their sources) -------
KEY=$( (echo "$KOTLIN_VERSION"; cat "$GEN/filrouge/filrouge.kt" bindings-mobile/tests/kotlin/*.kt) | sha256sum | cut -c1-16)
JAR="$OUT/tests-$KEY.jar"
if [ ! -f "$JAR" ]; then
  log "kotlinc (generated bindings + tests)"
  rm -rf "$OUT" && mkdir -p "$OUT"
  "$KOTLINC" -nowarn -cp "$JNA" -d "$JAR.tmp.jar" "$GEN/filrouge/filrouge.kt" bindings-mobile/tests/kotlin/*.kt
  mv "$JAR.tmp.jar" "$JAR"
else
  log "kotlinc: sources unchanged, reusing $JAR"
fi

# --- Run -------------------------------------------------------------------
log "run the Kotlin tests on the JVM"
mkdir -p target/ci-counts
set +e
RUST_BACKTRACE=0 java -Djna.library.path="$(dirname "$LIB")" -cp "$JAR:$JNA:$STDLIB" filrouge.test.MainKt tests/vectors \
  2> target/mobile-stderr.log | tee target/mobile-test.log
status=${PIPESTATUS[0]}
set -e
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' target/mobile-test.log | tail -1)
if [ -z "$summary" ]; then
  echo "mobile: the Kotlin tests ended without a summary (exit $status)" >&2
  tail -20 target/mobile-stderr.log >&2
  echo "0 1" > target/ci-counts/mobile
  exit 1
fi
echo "$summary" | awk '{print $1" "$3}' > target/ci-counts/mobile

# --- The README's Kotlin example, as written there ---------------------------
log "run the README example (tests/kotlin/Example.kt)"
example=$(java -Djna.library.path="$(dirname "$LIB")" -cp "$JAR:$JNA:$STDLIB" filrouge.example.ExampleKt)
echo "$example"
for want in 'not_a_natural_person R-2.5' 'OrphanResolved' 'true'; do
  grep -qF "$want" <<<"$example" || { echo "mobile: the README example did not print '$want'" >&2; exit 1; }
done

exit "$status"
