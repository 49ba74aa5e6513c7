#!/bin/sh
# Every test: type-check (sources and tests), then the vitest suites (unit, golden, property,
# differential, the stdlib sweep and CPython's regression lane). Assumes scripts/setup.sh ran.
set -eu
cd "$(dirname "$0")/.."
echo "== type-check"
pnpm exec tsc -p tsconfig.tests.json
echo "== tests"
pnpm exec vitest run
