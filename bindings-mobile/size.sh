#!/usr/bin/env bash
# Builds the shipped native library (profile `mobile`: opt-level s, fat LTO,
# one codegen unit) for the host and prints its stripped size. Not part of
# CI (the optimised build takes minutes); run it for a release note.
# Runs from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --locked -p filrouge-mobile --profile mobile --lib
strip -o target/mobile/libfilrouge_mobile.stripped.so target/mobile/libfilrouge_mobile.so
echo "stripped libfilrouge_mobile.so ($(uname -m), profile mobile): $(wc -c < target/mobile/libfilrouge_mobile.stripped.so) bytes"
