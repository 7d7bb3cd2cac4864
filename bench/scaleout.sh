#!/usr/bin/env bash
# Scale-out on one machine: two gunicorn instances behind nginx, PgBouncer, one PostgreSQL, one Redis,
# one task worker (see bench/README.md).
#   bench/scaleout.sh up [--signatures N] [--workers 2] [--micro-cache 2] [--no-pooler]
#   bench/scaleout.sh test [--seconds 30]     # load through nginx + cross-instance checks
#   bench/scaleout.sh down
set -euo pipefail
cd "$(dirname "$0")/.."

[ -x .venv/bin/python ] || bin/setup
if ! .venv/bin/python -c 'import aiohttp, uvloop' 2>/dev/null; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
fi
# The instances connect through PgBouncer (Debian's package): install it when missing,
# as bin/test does for Chromium. `up --no-pooler` goes without.
if ! command -v pgbouncer >/dev/null 2>&1 && [ ! -x /usr/sbin/pgbouncer ] && command -v apt-get >/dev/null 2>&1; then
  sudo=(); [ "$(id -u)" -ne 0 ] && sudo=(sudo -n)
  echo "Installing pgbouncer for the scale-out"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q pgbouncer >/dev/null \
    || { "${sudo[@]}" apt-get update -q >/dev/null && "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q pgbouncer >/dev/null; } \
    || true
fi
[ -n "$(find locale -name '*.mo' -print -quit)" ] || bin/compile-messages

exec .venv/bin/python bench/scaleout.py "$@"
