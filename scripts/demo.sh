#!/bin/sh
# The main job on an example: run a real program under the JIT, show what was compiled, which
# passes fired and the machine code of its hot function. Assumes scripts/setup.sh ran.
set -eu
cd "$(dirname "$0")/.."
echo "== pnpm exec pyjc --threshold 10 --stats examples/nbody.py 2000"
pnpm exec pyjc --threshold 10 --stats examples/nbody.py 2000
echo
echo "== the same program under python3.11 (identical output expected)"
/usr/bin/python3.11 examples/nbody.py 2000
echo
echo "== pnpm exec pyjc ir examples/nbody.py --function Vec3.dot   (SSA after the pipeline)"
pnpm exec pyjc ir examples/nbody.py --function Vec3.dot
echo
echo "== pnpm exec pyjc passes --list"
pnpm exec pyjc passes --list
