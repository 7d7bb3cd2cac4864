"""The report of a run: RESULTS.md, the Markdown a reader sees (each figure beside its
target and a verdict), and RESULTS.json, the raw results it is written from. A scale-out
section already in RESULTS.md (bench/scaleout.py writes it between MARK_BEGIN and
MARK_END) is kept, and so is every other marked section (MARKED_SECTION). The signing
ratios are a marked section of their own, which `--only sign-ratio` writes alone.
"""

import json
import re
from pathlib import Path

from processes import BENCH_SIGN_RATES, CLIENT_PRIORITY, IDLE_PRIORITY

# bench/scaleout.sh test writes its section of RESULTS.md between these marks; a new
# bench run keeps it.
MARK_BEGIN = "<!-- scale-out: written by bench/scaleout.sh test -->"
MARK_END = "<!-- /scale-out -->"
# Every section between such marks (the scale-out's, the updates', the ten-million run's,
# the signing ratios') is kept when a run writes RESULTS.md again, unless the run wrote it.
MARKED_SECTION = re.compile(r"<!-- ([a-z0-9-]+):[^>]*-->.*?<!-- /\1 -->", re.DOTALL)
# The signing ratios (bench/run.sh --only sign-ratio writes this section alone).
SIGN_RATIO_BEGIN = "<!-- sign-ratio: bench/run.sh --only sign-ratio, or a full run -->"
SIGN_RATIO_END = "<!-- /sign-ratio -->"


def priority_text(prefix):
    return f"`{' '.join(prefix)}`" if prefix else "normal priority"


def fmt(value, digits=0):
    if value is None:
        return "–"
    if isinstance(value, float) and digits:
        return f"{value:,.{digits}f}"
    if isinstance(value, (int, float)):
        return f"{value:,.0f}"
    return str(value)


def shown_command(argv):
    """bench/run.sh with the run's options, less where it wrote (a folder of this machine's)."""
    shown, skip = [], False
    for word in argv:
        if skip:
            skip = False
        elif word in ("--output", "--workdir", "--json"):
            skip = True
        elif not word.startswith(("--output=", "--workdir=", "--json=")):
            shown.append(word)
    return " ".join(["bench/run.sh", *shown])


def verdict(ok):
    return "met" if ok else "**not met**"


def encryption_cost_lines(r):
    """The sign POST on the site storing signers' data in clear beside the same POST
    encrypted, and the cost per signature timed in one process (bench/README.md, step 9)."""
    compared = r.get("sign_in_clear")
    if not compared:
        return []
    encrypted = compared["encrypted"]["signatures_per_second"]
    clear = compared["clear"]["signatures_per_second"]
    cost = compared["per_signature"]
    # In a closed loop with more clients than workers every worker is always busy: one POST
    # takes workers ÷ rate of a worker's time.
    post_us = r["args"]["workers"] / encrypted * 1e6 if encrypted else None
    share = cost["sign_post_us"] / post_us * 100 if post_us else None
    difference = f"{(encrypted - clear) / clear * 100:+.1f} %" if clear else "–"
    return [
        "### What encryption costs the sign POST",
        "",
        f"- the POST alone, worker stopped, in {2 * len(compared['encrypted']['parts'])} parts (encrypted, "
        f"in clear, in clear, encrypted, then again): **{fmt(encrypted, 1)} signatures/s encrypted** "
        f"({', '.join(fmt(x, 1) for x in compared['encrypted']['parts'])}), "
        f"**{fmt(clear, 1)}/s with signers' data stored in clear** (`bench/clear_wsgi.py`: "
        f"{', '.join(fmt(x, 1) for x in compared['clear']['parts'])}): {difference}; errors "
        f"{compared['encrypted']['errors'] + compared['clear']['errors']}, every answer stored: "
        f"{compared['encrypted']['stored_equals_answered'] and compared['clear']['stored_equals_answered']}",
        f"- per signature, in one process: encrypting the address {cost['encrypt_us']} µs + the keyed "
        f"hash {cost['hmac_us']} µs = **{cost['sign_post_us']} µs**, of the **{fmt(post_us)} µs** a "
        f"worker spends on each POST here: **{fmt(share, 2)} %** (target < 5 %: "
        f"{verdict(share is not None and share < 5)}); each email's task decrypts the address in "
        f"{cost['decrypt_us']} µs",
        "",
    ]


def sign_ratio_lines(r):
    """The sign POST against the bare insert, and beside the task worker against alone,
    each measured in turns in one run (bench/README.md, step 9), with their targets."""
    insert, worker = r.get("insert_ratio"), r.get("worker_cost")
    if not insert and not worker:
        return []
    lines = ["## Signing against a bare insert", ""]
    if insert:
        sign, bare = insert["sign"], insert["bare"]
        every_one = sign["stored_equals_answered"] and bare["stored_equals_answered"]
        every_one = every_one and sign["every_signature_has_its_task"]
        lines += [
            "The sign POST (every check kept: the form's validation, the one-use stamp, the honeypot, "
            "the canonical address, both rate limits counted in Redis, the address encrypted, the "
            "confirmation's task row in the same transaction) against `bench/bare/`: a ModelForm "
            "that saves the same row in the same table and redirects, in a project with the middleware "
            "`startproject` writes and no check "
            "and no task. The same database, gunicorn settings and client; the task worker stopped; "
            f"{2 * len(sign['parts'])} parts in the order sign, bare, bare, sign, then again.",
            "",
            f"- sign POST: **{fmt(sign['signatures_per_second'], 1)} signatures/s** "
            f"({', '.join(fmt(x, 1) for x in sign['parts'])}), p50 {sign['post_p50_ms']} ms, "
            f"p99 {sign['post_p99_ms']} ms, errors {sign['errors']}",
            f"- bare insert: **{fmt(bare['signatures_per_second'], 1)} rows/s** "
            f"({', '.join(fmt(x, 1) for x in bare['parts'])}), p50 {bare['post_p50_ms']} ms, "
            f"p99 {bare['post_p99_ms']} ms, errors {bare['errors']}",
            f"- every answer stored, every signature with its task: {every_one}",
            f"- **ratio {fmt(insert['ratio'], 2)}** (target ≥ 0.7: "
            f"{verdict(insert['ratio'] is not None and insert['ratio'] >= 0.7)})",
            "",
        ]
    if worker:
        alone, beside = worker["alone"], worker["beside_worker"]
        lines += [
            "The sign POST with the task worker stopped and with it sending beside it on the same "
            f"cores ({priority_text(IDLE_PRIORITY)}), a queue of emails always waiting for it; "
            f"{2 * len(alone['parts'])} parts in the order alone, beside, beside, alone, then again.",
            "",
            f"- alone: **{fmt(alone['signatures_per_second'], 1)} signatures/s** "
            f"({', '.join(fmt(x, 1) for x in alone['parts'])}), errors {alone['errors']}",
            f"- beside the worker: **{fmt(beside['signatures_per_second'], 1)} signatures/s** "
            f"({', '.join(fmt(x, 1) for x in beside['parts'])}), errors {beside['errors']}; "
            f"emails still queued after each part: {', '.join(fmt(x) for x in worker['unsent_after_parts'])}",
            f"- **ratio {fmt(worker['ratio'], 2)}** (target ≥ 0.8: "
            f"{verdict(worker['ratio'] is not None and worker['ratio'] >= 0.8)})",
            "",
        ]
    return lines


def gets_lines(r, ceiling, at_zero, at_n):
    """The GETs at N signatures and at 0: the table, the deepest wall page, the verdict."""
    seed = r.get("seed", {})
    lines = [
        "Each endpoint is measured at N signatures and at 0 back to back (the same site over an empty "
        "copy of the database on another port), so both figures of a pair see the same background load.",
        "",
        f"| endpoint | req/s at 0 | req/s at {fmt(seed.get('signatures'))} | flat (N/0 ≥ 0.9) "
        "| ratio to ceiling (≥ 0.5) | p50 ms | p95 ms | p99 ms (< 100) | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    gets_ok = True
    for name, result in at_n.items():
        zero = at_zero.get(name)
        flat = result["rps"] / zero["rps"] if zero and zero.get("rps") else None
        ratio = result["rps"] / ceiling if ceiling else None
        ok = (
            (ratio or 0) >= 0.5
            and (result["p99_ms"] or 1e9) < 100
            and result["errors"] == 0
            and (flat is None or flat >= 0.9)
        )
        gets_ok = gets_ok and ok
        lines.append(
            f"| {name} `{result['path']}` | {fmt(zero['rps'] if zero else None)} | {fmt(result['rps'])} "
            f"| {fmt(flat, 2) if flat else '–'} | {fmt(ratio, 2) if ratio else '–'} | {result['p50_ms']} "
            f"| {result['p95_ms']} | {result['p99_ms']} | {result['errors']} |"
        )
    first = at_n.get("wall page 1")
    deep = at_n.get("wall deep page (keyset)")
    if first and deep:
        deep_ratio = deep["rps"] / first["rps"] if first["rps"] else 0
        lines += [
            "",
            f"Deepest wall page vs the first: {deep_ratio:.2f} (target ≥ 0.8: {verdict(deep_ratio >= 0.8)}). "
            "Reached by following the “earlier signatures” link: "
            + "; ".join(
                f"{d['pages_followed']} times in {d['seconds']} s (page {d['pages_followed'] + 1})"
                for d in r.get("deep_wall", [])[:1]
            )
            + ".",
        ]
    lines += ["", f"All GETs at ≥ 50% of the ceiling, p99 < 100 ms, flat with data: {verdict(gets_ok)}.", ""]
    return lines


def write_results(r, path):
    if r["args"].get("only"):
        # One measurement: its section goes into the file as it was (or a new one).
        previous = Path(path).read_text() if Path(path).exists() else "# Bench results\n"
        section = sign_ratio_section(r) or ""
        if SIGN_RATIO_BEGIN in previous and SIGN_RATIO_END in previous:
            start = previous.index(SIGN_RATIO_BEGIN)
            end = previous.index(SIGN_RATIO_END) + len(SIGN_RATIO_END)
            Path(path).write_text(previous[:start] + section + previous[end:])
        else:
            Path(path).write_text(previous.rstrip("\n") + "\n\n" + section + "\n")
        return
    a = r["args"]
    m = r["machine"]
    hello = r.get("hello", {})
    ceiling = hello.get("rps") or 0
    lines = [
        "# Bench results",
        "",
        f"Run {r['started']} → {r.get('finished', '(interrupted)')}, by `bench/run.sh` (bench/runner.py).",
        "",
        "## Machine",
        "",
        f"- code measured: commit {m.get('commit', '?')}",
        f"- {m['cpus']} CPUs ({m['cpu_model']}), {m['memory_gib']} GiB memory, Linux {m['kernel']}",
        f"- Python {m['python']}, Django {m['django']}, PostgreSQL {m.get('postgresql', '?')}, "
        f"Redis {m.get('redis', '?')} — all on this machine, traffic on 127.0.0.1",
        f"- load average before the run: {' '.join(str(x) for x in m['load_average'])}; "
        f"after: {' '.join(str(x) for x in r.get('load_average_after', []))}",
    ]
    if m.get("autovacuum") == "off":
        lines.append(
            "- PostgreSQL's autovacuum is **off** on this machine: after each load the bench runs "
            "`VACUUM (ANALYZE)` of the signature and task tables, as autovacuum would on a production "
            "server (docs/deploy.md)"
        )
    if m["load_average"][0] > 0.5 * (m["cpus"] or 1):
        lines.append(
            "- **The machine was busy before the run** (other work running): absolute figures are "
            "lower than on an idle machine; ratios to the ceiling, measured in the same run, hold better."
        )
    lines += [
        "",
        "## Settings",
        "",
        f"- gunicorn `gunicorn.conf.py`, gthread workers (keep-alive): GUNICORN_WORKERS={a['workers']}, "
        "1 thread; "
        "the hello-world ceiling with the same file and workers",
        "- DEBUG=off, PostgreSQL (persistent connections, health checks, statement_timeout), Redis cache, "
        "TASKS_BACKEND=database with `manage.py db_worker` at idle CPU priority "
        f"({priority_text(IDLE_PRIORITY)}, as in docs/deploy.md), "
        f"the load client at {priority_text(CLIENT_PRIORITY)}, "
        "emails to files (no network)",
        "- bench-only: SECURE_SSL_REDIRECT=off (plain HTTP on loopback), SIGN_MIN_SECONDS=0, "
        f"SIGN_RATE_PER_IP={BENCH_SIGN_RATES}, SIGN_RATE_PER_DOMAIN={BENCH_SIGN_RATES} (the client signs "
        "faster than a person, from one address: limits that count in Redis as in production, too "
        "high to refuse); everything else as in production",
        f"- load: {a['concurrency']} concurrent clients (closed loop, aiohttp, a separate process), "
        f"{a['warmup']} s warm-up then {a['duration']} s per endpoint",
        "",
        "## Commands",
        "",
        "```sh",
        shown_command(r.get("argv", [])),
        "```",
        "",
        "<details><summary>Every command the run executed</summary>",
        "",
        "```",
        *dict.fromkeys(c for c in r["commands"]),
        "```",
        "",
        "</details>",
        "",
    ]
    seed = r.get("seed", {})
    if seed.get("reused"):
        seeding = [
            f"- the database an earlier run seeded with {fmt(seed.get('signatures'))} confirmed signatures, "
            "reused (`--reuse-database`): migrated, recounted, caches emptied; "
            "its seeding figures are that run's",
        ]
    else:
        seeding = [
            f"- {fmt(seed.get('signatures'))} confirmed signatures over ~100 countries: "
            f"INSERT … SELECT generate_series {seed.get('insert_seconds')} s + VACUUM ANALYZE "
            f"{seed.get('vacuum_analyze_seconds')} s = **{seed.get('seconds')} s** "
            f"(target < 120 s per 1,000,000: "
            f"{verdict((seed.get('seconds') or 1e9) < 120 * max(1, (seed.get('signatures') or 0) / 1e6))})",
            f"- base content (demo pages, petition, {r.get('seed_base', {}).get('articles')} published "
            f"articles): {r.get('seed_base', {}).get('seconds')} s",
            "- the petition's tally brought to the seeded rows (a full recount): "
            f"{seed.get('tally_seconds')} s",
        ]
    lines += [
        "## Seeding",
        "",
        *seeding,
        "",
    ]
    tally = r.get("tally")
    if tally:
        lines += [
            "## Counts: a refresh against a full recount",
            "",
            f"At {fmt(tally['signatures'])} signatures, with {fmt(tally['new_per_refresh'])} confirmed "
            f"between refreshes (bench/tally.py): a refresh (the tally moved on by what is new) "
            f"**{tally['refresh_ms']} ms** (median of {', '.join(str(x) for x in tally['refresh_ms_all'])}); "
            f"a full recount **{tally['recount_ms']} ms**; the tally made from nothing "
            f"{tally['first_tally_ms']} ms. The recount's correction: "
            f"{tally['corrected'] or 'none'}.",
            "",
        ]
    lines += [
        "## Requests per second, per endpoint",
        "",
        f"Hello-world Django ceiling: **{fmt(ceiling)} req/s**, p50 {hello.get('p50_ms')} ms, "
        f"p99 {hello.get('p99_ms')} ms, errors {hello.get('errors')} (mean of a run before the "
        f"endpoints and one after: {' and '.join(fmt(x) for x in hello.get('runs', []))} req/s).",
        "",
    ]
    at_zero, at_n = r.get("at_zero", {}), r.get("at_n", {})
    if at_n:
        lines += gets_lines(r, ceiling, at_zero, at_n)
    else:
        lines += ["No GET was measured in this run (`--only`).", ""]
    if r.get("sign"):
        lines += ["## Signing (POST)", ""]
        for key, title in (
            (
                "sign",
                "The sign POST alone: each client GETs its form once (not timed), then POSTs it "
                "again and again with new names and distinct emails",
            ),
            (
                "sign_beside_worker",
                "The sign POST alone again, with the task worker sending the emails beside it on "
                "the same two cores (at idle CPU priority)",
            ),
            (
                "sign_flow",
                "A whole visit per signature: GET the form without cookies, read `rendered`, "
                "POST with a distinct email as a browser sends it from our page (no token)",
            ),
        ):
            sign = r.get(key)
            if not sign:
                continue
            post = sign["post"]
            ok = (
                (sign["signatures_per_second"] or 0) >= 300
                and post["errors"] == 0
                and sign["stored_equals_answered"]
                and sign["every_signature_has_its_task"]
            )
            lines += [
                f"**{title}** ({a['concurrency']} clients, {a['duration']} s):",
                "",
                f"- accepted (302/303): **{fmt(sign['accepted'])}** = **{sign['signatures_per_second']} "
                f"signatures/s**, POST p50 {post['p50_ms']} ms, p95 {post['p95_ms']} ms, "
                f"p99 {post['p99_ms']} ms"
                + (f"; form GET p50 {sign['form_get']['p50_ms']} ms" if sign["form_get"]["requests"] else ""),
                f"- answers: {post['statuses']}, errors {post['errors']} {post['exceptions'] or ''}",
                f"- rows stored afterwards: **{fmt(sign['stored'])}**; 2xx/3xx answers: "
                f"**{fmt(sign['answered_2xx_3xx'])}** → equal: **{sign['stored_equals_answered']}**",
                f"- confirmation tasks queued (django_tasks_db rows): **{fmt(sign['tasks_queued'])}** → "
                f"one per stored signature: **{sign['every_signature_has_its_task']}**",
            ]
            if key == "sign":
                lines.append(
                    "- the task worker was stopped during this measurement: the POST's own capacity, as "
                    "with the worker on a host of its own; its emails waited in the queue and were sent "
                    "when it started again (below)"
                )
                lines.append(f"- targets (≥ 300 signatures/s, 0 errors, 0 lost, task queued): {verdict(ok)}")
            lines.append("")
        lines += [
            "No network call inside the request: the confirmation email is a task row written in the "
            "signature's transaction and sent by `db_worker`.",
            "",
        ]
        lines += encryption_cost_lines(r)
    queue = r.get("email_queue")
    if queue:
        lines += [
            "The emails behind the load: `db_worker` (idle priority) sends them while and after it runs; the "
            "next measurement waits until the queue is empty, so each one starts on a machine at rest.",
            "",
        ]
        for after, q in queue.items():
            left = f", **{q['left_unsent']:,} left unsent**" if q["left_unsent"] else ""
            lines.append(
                f"- after {after}: {q['unsent_when_load_ended']:,} emails still queued when the load "
                f"ended, all sent {q['seconds_to_send']} s later{left}"
            )
        lines.append("")
    surge = r.get("surge")
    if surge:
        views = surge["page_views"]
        everything = surge["all"]
        ok = (everything["p99_ms"] or 1e9) < 500 and (everything["error_rate"] or 0) < 0.001
        lines += [
            "## Surge (open loop)",
            "",
            f"{surge['target_signatures_per_second']} signatures/s and "
            f"{fmt(surge['target_page_views_per_second'])} page views/s "
            f"({a['views_per_signature']} per signature) for {surge['duration']} s, "
            f"through {surge['where']}.",
            "",
            f"- page views: {fmt(views['requests'])} sent, **{fmt(views['rps'])}/s** answered, "
            f"p50 {views['p50_ms']} ms, p95 {views['p95_ms']} ms, **p99 {views['p99_ms']} ms**, "
            f"errors {views['errors']} ({views['error_rate']:.3%})",
            f"- signatures: {fmt(surge['accepted'])} accepted ({fmt(surge['stored'])} stored), POST p99 "
            f"{surge['sign_post']['p99_ms']} ms, errors {surge['sign_post']['errors']}; "
            f"requests per signature: {surge.get('requests_per_signature')} (the form, the POST)",
            f"- all requests: p99 **{everything['p99_ms']} ms**, "
            f"error rate **{everything['error_rate']:.3%}** (targets p99 < 500 ms, < 0.1%: {verdict(ok)}); "
            f"requests the client could not start in time (counted as errors): {surge['dropped_by_client']}",
        ]
        if views.get("cache"):
            lines.append(f"- nginx cache: {views['cache']}")
        if surge.get("client_cpu_seconds") and surge.get("seconds"):
            lines.append(
                f"- the load client took {surge['client_cpu_seconds'] / surge['seconds']:.2f} of the "
                f"machine's cores itself, at {priority_text(CLIENT_PRIORITY)}, so that its requests leave "
                "and are read on time "
                "(as from visitors' own machines); the site had the rest"
            )
        lines.append(
            "- requests the client starts late or not at all count as latency and errors: that is "
            "what an overloaded server means to its visitors"
        )
        lines += [
            "",
            "| page | share | req/s | p50 | p99 | errors |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for page, result in surge["pages"].items():
            lines.append(
                f"| `{page}` | {fmt(result['requests'])} | {fmt(result['rps'])} | {result['p50_ms']} "
                f"| {result['p99_ms']} | {result['errors']} |"
            )
        lines.append("")
    headers = r.get("headers")
    if headers:
        lines += [
            "## Response headers of anonymous GETs",
            "",
            "| path | Set-Cookie | Vary | Cache-Control | ok |",
            "| --- | --- | --- | --- | --- |",
        ]
        for h in headers:
            note = " (signing page: public, no CSRF token in it)" if h["has_form"] else ""
            lines.append(
                f"| `{h['path']}`{note} | {'yes' if h['set_cookie'] else 'no'} | {h['vary'] or '–'} "
                f"| `{h['cache_control'] or '–'}` | {'yes' if h['ok'] else '**no**'} |"
            )
        lines.append("")
    exports = r.get("exports")
    if exports:
        lines += ["## Export of every signature (`manage.py export_signatures`)", ""]
        if "skipped" in exports:
            lines.append(f"Skipped: {exports['skipped']}.")
        else:
            idle = exports.get("idle_rss_mb")
            lines.append(f"Peak RSS of an idle Django process with the same code loaded: {idle} MB.")
            lines.append("")
            for fmt_name, limit_s, limit_mb in (("csv", 10, 50), ("xlsx", 60, 200)):
                e = exports.get(fmt_name)
                if not e:
                    continue
                if "seconds" not in e:
                    lines.append(f"- {fmt_name.upper()}: {e}")
                    continue
                above = e["peak_rss_mb"] - (idle or 0)
                ok = e["seconds"] < limit_s and above <= limit_mb
                lines.append(
                    f"- {fmt_name.upper()}: **{e['seconds']} s**, peak RSS {e['peak_rss_mb']} MB "
                    f"({above:+.1f} MB over idle), {e['bytes'] / 1e6:.1f} MB written "
                    f"(targets < {limit_s} s, ≤ {limit_mb} MB over idle: {verdict(ok)})"
                )
        lines.append("")
    if r["notes"]:
        lines += ["## Notes", "", *[f"- {n}" for n in r["notes"]], ""]
    lines += [
        "What these figures point at, with profiles and query plans: bench/README.md, "
        "“What stands in the way, measured”.",
        "",
    ]
    write_with_marked_sections(path, "\n".join(lines), sign_ratio_section(r))


def sign_ratio_section(r):
    """The signing ratios between their marks, or None when the run did not measure them."""
    ratio_lines = sign_ratio_lines(r)
    if not ratio_lines:
        return None
    m = r["machine"]
    command = shown_command(r.get("argv", []))
    before = " ".join(str(x) for x in m["load_average"])
    after = " ".join(str(x) for x in r.get("load_average_after", []))
    about = [
        f"Run {r['started']} → {r.get('finished', '(interrupted)')}: `{command}`, commit "
        f"{m.get('commit', '?')}, {m['cpus']} CPUs, load average {before} before and {after} after; "
        f"hello-world ceiling {fmt(r.get('hello', {}).get('rps'))} req/s in the same run.",
        "",
    ]
    return "\n".join([SIGN_RATIO_BEGIN, *ratio_lines[:2], *about, *ratio_lines[2:], SIGN_RATIO_END])


def write_with_marked_sections(path, text, sign_ratio=None):
    """Write `text` to RESULTS.md, followed by the marked sections the file held (each in
    its place in the order they came), the signing ratios replaced by `sign_ratio` when
    the run measured them. A run of `--only` writes its section into the file as it was."""
    previous = Path(path).read_text() if Path(path).exists() else ""
    sections = [match.group(0) for match in MARKED_SECTION.finditer(previous)]
    if sign_ratio:
        sections = [x for x in sections if not x.startswith(SIGN_RATIO_BEGIN)] + [sign_ratio]
    Path(path).write_text(text.rstrip("\n") + "".join("\n\n" + x for x in sections) + "\n")


def write_json(results, path):
    Path(path).write_text(json.dumps(results, indent=1, default=str))
