"""The campaign bench: seed, serve, load, measure, write RESULTS.md. See bench/README.md.

    bench/run.sh                                    # 1,000,000 signatures, full run
    bench/run.sh --signatures 1000 --duration 2 --surge-seconds 3 --output /tmp/r.md   # smoke

This file parses the options and runs the scenarios in order. The layers beneath it:
processes.py starts and stops what the bench runs, stores.py sets up and reads its
database and Redis, scenarios.py (and exports.py) hold the measurements, report.py
writes the results.

Every process the bench starts (gunicorn, the task worker, nginx, the load client) is
stopped in a `finally`, whatever happens. Traffic goes to 127.0.0.1 only.
"""

import argparse
import os
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from exports import measure_exports
from processes import BENCH, log
from report import write_json, write_results
from scenarios import Bench, ceiling, machine
from stores import DEFAULT_CACHE_URL, DEFAULT_DATABASE_URL, redis_version


def run(bench):
    """The scenarios in order (bench/README.md, "What `bench/run.sh` does")."""
    a = bench.args
    r = bench.results
    everything = a.only is None  # --only sign-ratio: the ceiling and the signing ratios alone
    r["machine"] = machine()
    r["machine"]["redis"] = redis_version(a.cache_url)
    log(f"work directory {bench.workdir}; load average {r['machine']['load_average']}")
    try:
        bench.seed_databases()
        if everything:
            log("count refresh against a full recount")
            r["tally"] = bench.measure_tally()
        bench.serve()
        if everything:
            r["endpoints"] = bench.endpoints(bench.site, a.database_url)
            r["headers"] = bench.check_headers()

        log("hello-world ceiling")
        r["hello_before"] = bench.measure_hello()

        if everything:
            r["at_n"], r["at_zero"] = bench.measure_gets(paired=not a.skip_zero)
        bench.processes.stop("site-zero")

        if a.sign:
            log("sign POST against a bare insert, in turns, the task worker stopped")
            r["insert_ratio"] = bench.measure_insert_ratio()
            bench.wait_for_emails("the sign POST against a bare insert")
            log("sign POST alone and beside the task worker, in turns")
            r["worker_cost"] = bench.measure_worker_cost()
            bench.wait_for_emails("the sign POST alone and beside the task worker")
        if a.sign and everything:
            log("sign POST, the task worker stopped meanwhile")
            r["sign"] = bench.measure_sign(reuse_form=True, worker=False)
            bench.wait_for_emails("the sign POST")
            if a.sign_in_clear:
                log("sign POST encrypted and in clear, in turns: what encryption costs")
                r["sign_in_clear"] = bench.measure_sign_in_clear()
            log("sign POST, the task worker sending beside it")
            r["sign_beside_worker"] = bench.measure_sign(reuse_form=True)
            bench.wait_for_emails("the sign POST beside the worker")
            log("sign visit: GET the form, POST it")
            r["sign_flow"] = bench.measure_sign(reuse_form=False)
            bench.wait_for_emails("the sign visit")

        log("hello-world ceiling again")
        r["hello_after"] = bench.measure_hello()
        r["hello"] = ceiling(r["hello_before"], r["hello_after"])

        if a.surge_seconds > 0 and everything:
            r["surge"] = bench.measure_surge()
            bench.wait_for_emails("the surge")

        bench.processes.stop("site")
        if a.export_formats and everything:
            r["exports"] = measure_exports(bench)
        r["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
        r["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    finally:
        bench.processes.stop_all()
    return r


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(description="Benchmark the campaign site. See bench/README.md.")
    parser.add_argument("--signatures", type=int, default=1_000_000)
    parser.add_argument("--duration", type=float, default=20, help="Seconds of load per endpoint.")
    parser.add_argument("--warmup", type=float, default=3, help="Unrecorded seconds before each.")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--workers", type=int, default=int(os.environ.get("GUNICORN_WORKERS", 0)) or None)
    parser.add_argument("--surge-seconds", type=float, default=300)
    parser.add_argument("--surge-rate", type=float, default=33, help="Signatures per second.")
    parser.add_argument("--views-per-signature", type=float, default=45)
    parser.add_argument("--surge-direct", action="store_true", help="Surge against gunicorn, not nginx.")
    parser.add_argument("--micro-cache", type=int, default=2, help="nginx micro-cache seconds.")
    parser.add_argument("--wall-steps", type=int, default=500, help="Wall pages to follow for the deep one.")
    parser.add_argument("--skip-zero", action="store_true", help="Do not measure at 0 signatures.")
    parser.add_argument(
        "--only",
        choices=["sign-ratio"],
        help="sign-ratio: the hello-world ceiling, the sign POST against a bare insert and beside "
        "the task worker only (no GETs, counts, surge or exports).",
    )
    parser.add_argument(
        "--no-sign",
        dest="sign",
        action="store_false",
        help="Skip the sign POSTs and the sign visit (and the wait for their emails).",
    )
    parser.add_argument(
        "--reuse-database",
        action="store_true",
        help="The bench database (and its empty twin) as an earlier run seeded them with --signatures: "
        "migrated and recounted, not recreated (no seeding figures).",
    )
    parser.add_argument(
        "--no-sign-in-clear",
        dest="sign_in_clear",
        action="store_false",
        help="Skip the sign POST with signers' data stored in clear (the cost of encryption).",
    )
    parser.add_argument("--export-formats", default="csv,xlsx", help="Comma-separated; empty to skip.")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL))
    parser.add_argument("--cache-url", default=os.environ.get("BENCH_CACHE_URL", DEFAULT_CACHE_URL))
    parser.add_argument("--port", type=int, default=18000)
    parser.add_argument("--hello-port", type=int, default=18009)
    parser.add_argument("--zero-port", type=int, default=18010, help="The site over 0 signatures.")
    parser.add_argument("--bare-port", type=int, default=18011, help="The bare insert view.")
    parser.add_argument("--nginx-port", type=int, default=18080)
    parser.add_argument(
        "--no-collectstatic",
        dest="collectstatic",
        action="store_false",
        help="The static manifest is already built (the test suite does it).",
    )
    parser.add_argument("--output", default=str(BENCH / "RESULTS.md"))
    parser.add_argument("--json", help="Also write the raw results here (default: beside --output).")
    parser.add_argument(
        "--workdir",
        help="Logs and scratch files here (default: a new campaign-bench-* temporary folder, kept).",
    )
    args = parser.parse_args(argv)
    args.workers = args.workers or (os.cpu_count() or 1) + 1
    if args.only == "sign-ratio":
        args.skip_zero = True
    args.export_formats = [f for f in args.export_formats.split(",") if f]
    for url in (args.database_url, args.cache_url):
        host = urlsplit(url).hostname
        if host not in ("127.0.0.1", "localhost", "::1"):
            raise SystemExit(f"The bench runs against local services only, not {host}.")
    bench = Bench(args)
    bench.results["argv"] = argv
    # Stopped from outside (kill, a CI's time limit): what was measured is still written.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped by SIGTERM"))
    try:
        run(bench)
    finally:
        bench.processes.stop_all()
        # Whatever was measured is written, even when a step failed.
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        json_path = args.json or str(Path(args.output).with_suffix(".json"))
        write_json(bench.results, json_path)
        write_results(bench.results, args.output)
        log(f"results in {args.output} and {json_path}; logs in {bench.workdir}")


if __name__ == "__main__":
    main()
