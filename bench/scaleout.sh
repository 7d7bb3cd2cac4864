#!/usr/bin/env bash
# Scale-out on one machine: two gunicorn instances behind nginx, one PostgreSQL, one Redis,
# one task worker (see bench/README.md).
#   bench/scaleout.sh up [--signatures N] [--workers 2] [--micro-cache 2]
#   bench/scaleout.sh test [--seconds 30]     # load through nginx + cross-instance checks
#   bench/scaleout.sh down
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x .venv/bin/python ] || bin/setup
if ! .venv/bin/python -c 'import aiohttp, uvloop' 2>/dev/null; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
fi
[ -n "$(find locale -name '*.mo' -print -quit)" ] || bin/compile-messages

exec .venv/bin/python bench/scaleout.py "$@"
