#!/usr/bin/env bash
# The Node binding (bindings-node/, npm package `filrouge`): installs the npm
# dev dependencies, builds the addon (debug: see DESIGN.md "Node binding"),
# checks that the committed index.js / index.d.ts match the Rust, runs
# node --test (vectors, conversion, errors, garbage input, async, the HTTP
# example, tsc on a consumer file) and a small benchmark smoke run.
# Writes "PASSED FAILED" to target/ci-counts/node. Runs from the repo root.
set -euo pipefail

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt-get update -qq && apt-get install -y -qq nodejs npm
fi
node --version

mkdir -p target/ci-counts
cd bindings-node

echo "--- npm install"
npm install --no-audit --no-fund --loglevel=error

echo "--- build (debug; reuses the workspace's debug build of the dependencies)"
npx napi build --platform --no-const-enum -- --locked

echo "--- generated loader and types match the committed ones"
git diff --exit-code -- index.js index.d.ts

echo "--- node --test"
set +e
node --test --test-reporter=tap test/ > ../target/node-test.log 2>&1
status=$?
set -e
grep -E '^# (tests|pass|fail|skipped|cancelled)|vectors skipped' ../target/node-test.log || true
grep -E '^not ok' -A 12 ../target/node-test.log || true
passed=$(awk '/^# pass /{print $3}' ../target/node-test.log | tail -1)
failed=$(awk '/^# fail /{print $3}' ../target/node-test.log | tail -1)
cancelled=$(awk '/^# cancelled /{print $3}' ../target/node-test.log | tail -1)
failed=$(( ${failed:-1} + ${cancelled:-0} ))
echo "${passed:-0} ${failed}" > ../target/ci-counts/node
if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ]; then
  echo "node tests failed (exit $status)" >&2
  exit 1
fi

echo "--- benchmark script, smoke run (debug addon: the figures mean nothing here)"
node bench/reconcile.mjs --contacts 2000 --reports 400 --cli ../target/debug/filrouge
