#!/bin/sh
# Everything a fresh clone on this machine kind (Debian 12, Node 20) needs, idempotent and quick
# when already done: Debian packages, pnpm, npm dependencies, the native runtime shim, the build.
set -eu
cd "$(dirname "$0")/.."

# Debian packages. python3.11-dev: headers and libpython for the embedded runtime; binutils:
# objdump, which the encoder tests compare against; libpython3.11-testsuite: CPython's own
# regression tests, run under the JIT.
need=""
[ -x /usr/bin/python3.11 ] || need="$need python3.11"
[ -f /usr/include/python3.11/Python.h ] || need="$need python3.11-dev"
[ -d /usr/lib/python3.11/test/libregrtest ] || need="$need libpython3.11-testsuite"
command -v objdump >/dev/null 2>&1 || need="$need binutils"
command -v g++ >/dev/null 2>&1 || need="$need g++"
command -v make >/dev/null 2>&1 || need="$need make"
if [ -n "$need" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing Debian packages:$need"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
  else
    echo "setup: missing Debian packages:$need" >&2
    echo "setup: run as root, or: sudo apt-get install -y$need" >&2
    exit 1
  fi
fi

# pnpm, pinned to the version package.json names.
want=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$want" ]; then
  echo "setup: installing pnpm@$want"
  npm install -g --silent "pnpm@$want" >/dev/null
fi

pnpm install --frozen-lockfile --reporter=silent
pnpm --filter @pyjc/runtime run --if-present build:native
pnpm run build >/dev/null
