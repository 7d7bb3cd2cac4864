"""The exports scenario: `manage.py export_signatures` of every confirmed signature, in
each format asked for, under GNU time (`/usr/bin/time -v`) for its wall time and peak
RSS, beside the peak RSS of an idle Django process with the same code loaded.
"""

import re
import subprocess
import time
from pathlib import Path

from processes import PYTHON, ROOT, log

TIME = "/usr/bin/time"
PEAK_RSS = re.compile(r"Maximum resident set size \(kbytes\): (\d+)")


def measure_exports(bench):
    check = subprocess.run(
        [PYTHON, "manage.py", "help", "export_signatures"],
        cwd=ROOT,
        env=bench.env,
        capture_output=True,
        timeout=120,
    )
    if check.returncode != 0:
        return {"skipped": "manage.py export_signatures is not available yet"}
    exports = {"idle_rss_mb": idle_rss(bench.env)}
    for fmt in bench.args.export_formats:
        log(f"export {fmt}")
        exports[fmt] = export(bench, fmt)
    return exports


def export(bench, fmt):
    out = bench.workdir / f"export.{fmt}"
    argv = [PYTHON, "manage.py", "export_signatures", "--format", fmt, "--output", str(out)]
    env = {**bench.env, "DATABASE_STATEMENT_TIMEOUT": "0"}
    if not Path(TIME).exists():
        return {"skipped": "GNU time (/usr/bin/time) is not installed: apt-get install time"}
    bench.results["commands"].append(
        f"/usr/bin/time -v python manage.py export_signatures --format {fmt} --output FILE"
    )
    started = time.monotonic()
    done = subprocess.run(
        [TIME, "-v", *argv], cwd=ROOT, env=env, capture_output=True, text=True, timeout=1200
    )
    seconds = time.monotonic() - started
    if done.returncode != 0:
        return {"failed": done.stderr[-1500:]}
    rss_kb = int(PEAK_RSS.search(done.stderr).group(1))
    return {
        "seconds": round(seconds, 1),
        "peak_rss_mb": round(rss_kb / 1024, 1),
        "bytes": out.stat().st_size,
    }


def idle_rss(env):
    """Peak RSS of a Django process that loads the same code and exports nothing."""
    code = "import django; django.setup(); import petition.export_services, petition.models"
    done = subprocess.run(
        [TIME, "-v", PYTHON, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "campaign.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    match = PEAK_RSS.search(done.stderr)
    return round(int(match.group(1)) / 1024, 1) if match else None
