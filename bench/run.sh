#!/usr/bin/env bash
# The bench in one command (make bench): see bench/README.md. Arguments go to bench/runner.py:
#   bench/run.sh --signatures 1000 --duration 2 --surge-seconds 3 --output /tmp/results.md
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x .venv/bin/python ] || bin/setup
if ! .venv/bin/python -c 'import aiohttp, uvloop' 2>/dev/null; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
fi
[ -n "$(find locale -name '*.mo' -print -quit)" ] || bin/compile-messages

exec .venv/bin/python bench/runner.py "$@"
