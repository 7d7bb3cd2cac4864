"""The bench's load client: asyncio + aiohttp, run as its own process, 127.0.0.1 only.

    python bench/load.py get   --url http://127.0.0.1:18000/en/ --concurrency 16 --duration 20
    python bench/load.py sign  --form-url http://127.0.0.1:18000/en/petition/ --concurrency 16 --duration 20
    python bench/load.py surge --base http://127.0.0.1:18080 --rate 33 --views-per-signature 45 \
        --duration 300 --form-path /en/petition/ --pages /en/=30,/en/petition/signatures/=15,...

`get` and `sign` are closed loops: each of the N clients sends its next request when
the previous one is answered. `surge` is an open loop: requests start on a fixed
schedule whether or not the earlier ones were answered, and latency counts from
the scheduled start, so a slow server shows as latency instead of a quieter client.

A signature is what a person does: GET the form (no cookie), read the signed
`rendered` time stamp out of the page (the cached page carries no CSRF token), POST
the form with a distinct email and the headers a browser sends from our own page
(`Sec-Fetch-Site: same-origin`, `Origin`): two requests. Accepted means a redirect
(302/303) to "check your inbox". Redirects are never followed.

Prints one JSON object on standard output.
"""

import argparse
import asyncio
import contextlib
import ipaddress
import json
import multiprocessing
import random
import socket
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urljoin, urlsplit

import aiohttp

TIMEOUT = aiohttp.ClientTimeout(total=15)
HEADERS = {
    "User-Agent": "campaign-bench/1.0",
    "Accept": "text/html,application/xhtml+xml,application/json;q=0.9,*/*;q=0.8",
    "Accept-Encoding": "gzip",
    "Accept-Language": "en",
}
COUNTRIES = ["HK", "GB", "TW", "CA", "AU", "US", "DE", "IE", "NL", "FR", "JP", "SE", "BR", "ZA"]


def only_loopback(url):
    host = urlsplit(url).hostname
    if host != "localhost" and not ipaddress.ip_address(host).is_loopback:
        raise SystemExit(f"The bench sends traffic only to this machine, not to {host}.")
    return url


def percentiles(latencies):
    """p50/p95/p99/max in milliseconds (nearest rank)."""
    if not latencies:
        return {"p50_ms": None, "p95_ms": None, "p99_ms": None, "max_ms": None}
    ordered = sorted(latencies)

    def rank(p):
        return round(ordered[min(len(ordered) - 1, max(0, int(len(ordered) * p / 100 + 0.5) - 1))] * 1000, 1)

    return {
        "p50_ms": rank(50),
        "p95_ms": rank(95),
        "p99_ms": rank(99),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


class Stats:
    def __init__(self):
        self.latencies = []
        self.statuses = Counter()
        self.errors = Counter()
        self.upstreams = Counter()
        self.cache = Counter()
        self.samples = []

    def merge(self, other):
        self.latencies += other.latencies
        self.statuses.update(other.statuses)
        self.errors.update(other.errors)
        self.upstreams.update(other.upstreams)
        self.cache.update(other.cache)
        self.samples += other.samples[: max(0, 3 - len(self.samples))]

    def record(self, started, status=None, error=None, response=None):
        self.latencies.append(time.monotonic() - started)
        if error is not None:
            self.errors[error] += 1
            return
        self.statuses[status] += 1
        if response is not None:
            upstream = response.headers.get("X-Upstream")
            if upstream is not None:
                self.upstreams[upstream or "cache"] += 1
            if "X-Cache" in response.headers:
                self.cache[response.headers["X-Cache"] or "-"] += 1

    def summary(self, seconds, ok=lambda status: 200 <= status < 400):
        good = sum(n for status, n in self.statuses.items() if ok(status))
        total = len(self.latencies)
        bad = total - good
        out = {
            "requests": total,
            "ok": good,
            "errors": bad,
            "error_rate": round(bad / total, 5) if total else None,
            "seconds": round(seconds, 2),
            "rps": round(good / seconds, 1) if seconds else None,
            "statuses": {str(k): v for k, v in sorted(self.statuses.items())},
            "exceptions": dict(self.errors),
            **percentiles(self.latencies),
        }
        if self.upstreams:
            out["upstreams"] = dict(self.upstreams)
        if self.cache:
            out["cache"] = dict(self.cache)
        if self.samples:
            out["samples"] = self.samples[:3]
        return out


def error_name(exc):
    return type(exc).__name__


async def fetch(session, url, stats, started=None):
    started = time.monotonic() if started is None else started
    try:
        async with session.get(url, allow_redirects=False, headers=HEADERS) as response:
            await response.read()
            stats.record(started, response.status, response=response)
            return response.status
    except (aiohttp.ClientError, TimeoutError, OSError) as exc:
        stats.record(started, error=error_name(exc))
        return None


# --- The sign form -----------------------------------------------------------------


class FormFields(HTMLParser):
    """The fields of the first POST form that has an `email` input, with their defaults."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("method") or "").lower() == "post":
            self._form = {"action": a.get("action") or "", "fields": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            self._form["fields"].append(
                {
                    "tag": "input",
                    "type": (a.get("type") or "text").lower(),
                    "name": a["name"],
                    "value": a.get("value") or "",
                    "checked": "checked" in a,
                    "required": "required" in a,
                }
            )
        elif tag == "select" and a.get("name"):
            self._select = {"tag": "select", "name": a["name"], "options": [], "selected": None}
            self._form["fields"].append(self._select)
        elif tag == "option" and self._select is not None:
            self._select["options"].append(a.get("value") or "")
            if "selected" in a:
                self._select["selected"] = a.get("value") or ""
        elif tag == "textarea" and a.get("name"):
            self._form["fields"].append({"tag": "textarea", "name": a["name"]})

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form":
            self._form = None

    def sign_form(self):
        for form in self.forms:
            if any(f["name"] == "email" for f in form["fields"]):
                return form
        return None


def fill_sign_form(form, *, email, number):
    """What a person types: a name, a distinct email, a country; the honeypot left empty."""
    data = {}
    for field in form["fields"]:
        name = field["name"]
        if field["tag"] == "select":
            data[name] = field["selected"] or next((o for o in field["options"] if o), "")
        elif field["tag"] == "textarea":
            data.setdefault(name, "")
        elif field["type"] in ("radio",):
            if field["checked"]:
                data[name] = field["value"]
        elif field["type"] == "checkbox":
            if field["required"] or field["checked"]:
                data[name] = field["value"] or "on"
        elif field["type"] in ("submit", "button", "file", "image", "reset"):
            continue
        else:
            data.setdefault(name, field["value"])
    data.update(
        {
            "name": f"Bench Signer {number}",
            "email": email,
            "country": COUNTRIES[number % len(COUNTRIES)],
            "website": "",
        }
    )
    if "display" in {f["name"] for f in form["fields"]}:
        data["display"] = "full"
    return data


class Signer:
    """Signs again and again with distinct emails; one cookie-less visitor per signature."""

    def __init__(self, session_for, form_url, prefix, domains, get_stats, post_stats, reuse_form=False):
        self.reuse_form = reuse_form
        self.forms = {}
        self.session_for = session_for
        self.form_url = form_url
        self.prefix = prefix
        self.domains = domains
        self.get_stats = get_stats
        self.post_stats = post_stats
        self.counter = 0
        self.requests = 0  # every request a signature took (the form, the POST)
        self._last_html = self._last_form = None

    async def sign_once(self, worker, started=None, post=True):
        self.counter += 1
        number = hash((worker, self.counter)) & 0xFFFFFF
        # The run's prefix in the domain too: the bench counts what a run stored by the
        # domain, which the database keeps in clear (the address is encrypted).
        domain = f"s{self.counter % self.domains}.{self.prefix}.example.org"
        email = f"{self.prefix}.{worker}.{self.counter}@{domain}"
        session = await self.session_for()
        started = time.monotonic() if started is None else started
        try:
            if worker in self.forms:
                form, headers, action = self.forms[worker]
                data = fill_sign_form(form, email=email, number=number)
                return await self._post(session, action, data, headers)
            self.requests += 1
            async with session.get(self.form_url, allow_redirects=False, headers=HEADERS) as response:
                html = await response.text()
                self.get_stats.record(started, response.status, response=response)
                cookie = SimpleCookie()
                for header in response.headers.getall("Set-Cookie", []):
                    cookie.load(header)
            if response.status != 200:
                self.post_stats.record(started, error=f"form {response.status}")
                return None
            form = self.parsed_form(html)
            if form is None:
                self.post_stats.record(started, error="no sign form on the page")
                return None
            data = fill_sign_form(form, email=email, number=number)
            headers = dict(HEADERS)
            # Cookies are Secure in production; a browser on HTTPS sends them back, and so
            # does this client on plain HTTP, by hand.
            if cookie:
                headers["Cookie"] = "; ".join(f"{k}={m.value}" for k, m in cookie.items())
            # What a browser says of a form sent from our page: the sign POST is accepted
            # by them (core/origin.py), without a token.
            headers["Referer"] = self.form_url
            headers["Sec-Fetch-Site"] = "same-origin"
            parts = urlsplit(self.form_url)
            headers["Origin"] = f"{parts.scheme}://{parts.netloc}"
            action = urljoin(self.form_url, form["action"]) if form["action"] else self.form_url
            if self.reuse_form:
                # One visitor's page, signed again and again with new names and emails:
                # measures the POST (the page's stamp is spent per address).
                self.forms[worker] = (form, headers, action)
            if not post:
                return None
            return await self._post(session, action, data, headers)
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            self.post_stats.record(started, error=error_name(exc))
            return None
        finally:
            if getattr(session, "_bench_own", False):
                await session.close()

    def parsed_form(self, html):
        """The sign form of `html`, parsed once per distinct page: the cached signing page is
        the same for every visitor, and parsing it (8 ms of Python) on the event loop that
        also reads the page views held them up in the surge. Treat the result as read-only."""
        if html != self._last_html:
            parser = FormFields()
            parser.feed(html)
            self._last_html, self._last_form = html, parser.sign_form()
        return self._last_form

    async def _post(self, session, action, data, headers):
        self.requests += 1
        post_started = time.monotonic()
        async with session.post(action, data=data, allow_redirects=False, headers=headers) as response:
            body = await response.read()
            self.post_stats.record(post_started, response.status, response=response)
            if response.status not in (302, 303) and len(self.post_stats.samples) < 3:
                self.post_stats.samples.append(
                    {"status": response.status, "body": body[:600].decode("utf-8", "replace")}
                )
            return response.status


# --- Sessions ----------------------------------------------------------------------


def make_session(limit, local_addr=None, decompress=True):
    """decompress=False for page views: every byte is read as sent (gzip when the site
    compresses), but not inflated, since nobody looks at it; the client's CPU is the
    machine's too."""
    connector = aiohttp.TCPConnector(
        limit=limit, limit_per_host=limit, family=socket.AF_INET, local_addr=local_addr, ttl_dns_cache=None
    )
    return aiohttp.ClientSession(
        connector=connector, cookie_jar=aiohttp.DummyCookieJar(), timeout=TIMEOUT, auto_decompress=decompress
    )


def source_session_factory(shared, source_net):
    """A session per signature bound to a random source address of `source_net` (loopback):
    a crowd of distinct addresses, so per-IP limits stay on at their production values."""
    if not source_net:

        async def shared_session():
            return shared

        return shared_session
    network = ipaddress.ip_network(source_net)
    if not network.is_loopback:
        raise SystemExit("--source-net must be a loopback network (127.0.0.0/8).")

    async def own_session():
        address = str(network[random.randrange(1, network.num_addresses - 1)])
        session = make_session(1, local_addr=(address, 0))
        session._bench_own = True
        return session

    return own_session


# --- Scenarios ---------------------------------------------------------------------


async def closed_loop(concurrency, duration, warmup, one_request):
    """Run `one_request(worker)` from `concurrency` clients: `warmup` s unrecorded, then `duration` s."""
    deadline = time.monotonic() + warmup + duration

    async def client(worker):
        while time.monotonic() < deadline:
            await one_request(worker)

    await asyncio.gather(*(client(i) for i in range(concurrency)))


async def measure_url(url, args):
    async with make_session(args.concurrency, decompress=False) as session:
        warm = Stats()
        end_warm = time.monotonic() + args.warmup
        while time.monotonic() < end_warm:
            await asyncio.gather(*(fetch(session, url, warm) for _ in range(args.concurrency)))
        stats = Stats()
        started = time.monotonic()
        await closed_loop(args.concurrency, args.duration, 0, lambda _w: fetch(session, url, stats))
        return {"scenario": "get", "url": url, "concurrency": args.concurrency} | stats.summary(
            time.monotonic() - started
        )


async def run_get(args):
    """One URL: its figures. Several (--url repeated): each in turn, {"results": [...]}."""
    urls = [only_loopback(u) for u in args.url]
    results = []
    for url in urls:
        print(f"GET {url}", file=sys.stderr, flush=True)
        results.append(await measure_url(url, args))
    return results[0] if len(results) == 1 else {"results": results}


async def run_sign(args):
    url = only_loopback(args.form_url)
    async with make_session(args.concurrency) as shared:
        get_stats, post_stats = Stats(), Stats()
        signer = Signer(
            source_session_factory(shared, args.source_net),
            url,
            args.email_prefix,
            args.email_domains,
            get_stats,
            post_stats,
            reuse_form=args.reuse_form,
        )
        if args.reuse_form:
            # Each client fetches its form once, before the clock starts.
            await asyncio.gather(*(signer.sign_once(i, post=False) for i in range(args.concurrency)))
            get_stats, post_stats = Stats(), Stats()
            signer.get_stats, signer.post_stats = get_stats, post_stats
        started = time.monotonic()
        await closed_loop(args.concurrency, args.duration, 0, signer.sign_once)
        seconds = time.monotonic() - started
        post = post_stats.summary(seconds, ok=lambda status: status in (302, 303))
        return {
            "scenario": "sign",
            "reuse_form": args.reuse_form,
            "url": url,
            "concurrency": args.concurrency,
            "accepted": post["ok"],
            "signatures_per_second": post["rps"],
            "post": post,
            "form_get": get_stats.summary(seconds),
        }


def parse_pages(spec, base):
    pages = []
    for part in spec.split(","):
        path, _, weight = part.strip().rpartition("=")
        pages.append((only_loopback(urljoin(base, path)), float(weight or 1)))
    return pages


async def surge_part(args, part, parts):
    """One client process's share of the surge: 1/parts of the signatures and of the
    page views, on a schedule offset so that the processes' requests interleave."""
    base = only_loopback(args.base)
    pages = parse_pages(args.pages, base)
    urls = [u for u, _w in pages]
    weights = [w for _u, w in pages]
    rate = args.rate / parts
    views_rate = rate * args.views_per_signature
    offset = part / (parts * views_rate) if views_rate else 0
    page_stats = {u: Stats() for u in urls}
    get_stats, post_stats = Stats(), Stats()
    pending = set()
    dropped = 0
    async with contextlib.AsyncExitStack() as stack:
        # One connection pool per page and one for the signers: independent readers, so a
        # slow page cannot hold up the others in the client.
        sessions = {}
        for url in urls:
            sessions[url] = await stack.enter_async_context(
                make_session(args.max_connections, decompress=False)
            )
        sign_session = await stack.enter_async_context(make_session(args.max_connections))
        signer = Signer(
            source_session_factory(sign_session, args.source_net),
            only_loopback(urljoin(base, args.form_path)),
            args.email_prefix,
            args.email_domains,
            get_stats,
            post_stats,
        )
        rng = random.Random(7 + part)
        started = time.monotonic() + offset
        launched_views = launched_signs = 0
        while True:
            now = time.monotonic()
            elapsed = max(0.0, now - started)
            if elapsed >= args.duration:
                break
            due_views = int(elapsed * views_rate) - launched_views
            due_signs = 0 if args.no_signers else int(elapsed * rate) - launched_signs
            for i in range(due_views + due_signs):
                if len(pending) >= args.max_outstanding:
                    dropped += 1
                    continue
                # Latency counts from the scheduled start, not from when the client got to it.
                if i < due_views:
                    scheduled = started + (launched_views + i) / views_rate
                    url = rng.choices(urls, weights)[0]
                    coro = fetch(sessions[url], url, page_stats[url], started=scheduled)
                else:
                    scheduled = started + (launched_signs + i - due_views) / rate
                    coro = signer.sign_once(f"surge{part}", started=scheduled)
                task = asyncio.create_task(coro)
                pending.add(task)
                task.add_done_callback(pending.discard)
            launched_views += due_views
            launched_signs += due_signs
            await asyncio.sleep(0.005)
        if pending:
            await asyncio.wait(pending, timeout=20)
        seconds = time.monotonic() - started
    return {
        "page_stats": page_stats,
        "get_stats": get_stats,
        "post_stats": post_stats,
        "dropped": dropped,
        "seconds": seconds,
        "signer_requests": signer.requests,
    }


def _surge_process(args, part, parts):
    return run_loop(surge_part(args, part, parts))


def run_surge(args):
    """The surge, open loop, from `args.processes` client processes (one event loop
    alone cannot start 1,500 requests a second on time and read their answers)."""
    parts = max(1, args.processes)
    if parts == 1:
        results = [_surge_process(args, 0, 1)]
    else:
        with ProcessPoolExecutor(max_workers=parts, mp_context=multiprocessing.get_context("fork")) as pool:
            results = list(pool.map(_surge_process, [args] * parts, range(parts), [parts] * parts))
    base = only_loopback(args.base)
    views_rate = args.rate * args.views_per_signature
    page_stats, get_stats, post_stats = {}, Stats(), Stats()
    for result in results:
        for url, stats in result["page_stats"].items():
            page_stats.setdefault(url, Stats()).merge(stats)
        get_stats.merge(result["get_stats"])
        post_stats.merge(result["post_stats"])
    dropped = sum(r["dropped"] for r in results)
    signer_requests = sum(r["signer_requests"] for r in results)
    seconds = max(r["seconds"] for r in results)
    views = Stats()
    per_page = {}
    for url, stats in page_stats.items():
        per_page[urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")] = (
            stats.summary(args.duration)
        )
        views.merge(stats)
    everything = Stats()
    for stats in (views, get_stats, post_stats):
        everything.latencies += stats.latencies
        everything.statuses.update(stats.statuses)
        everything.errors.update(stats.errors)
    post = post_stats.summary(args.duration, ok=lambda status: status in (302, 303))
    overall = everything.summary(args.duration)
    # Requests the schedule called for but the client could not even start count as failures.
    scheduled = overall["requests"] + dropped
    overall["error_rate"] = round((overall["errors"] + dropped) / scheduled, 5) if scheduled else None
    return {
        "scenario": "surge",
        "base": base,
        "target_signatures_per_second": args.rate,
        "target_page_views_per_second": views_rate,
        "duration": args.duration,
        "client_processes": parts,
        "seconds": round(seconds, 1),
        "dropped_by_client": dropped,
        "accepted": post["ok"],
        # What one signature costs the site: the form and the POST (a third, the form's
        # token, went with Fetch metadata protection of the sign POST).
        "requests_per_signature": round(signer_requests / post["ok"], 2) if post["ok"] else None,
        "page_views": views.summary(args.duration),
        "sign_post": post,
        "form_get": get_stats.summary(args.duration),
        "all": overall,
        "pages": per_page,
    }


def run_loop(coroutine):
    try:
        import uvloop  # the faster event loop, when installed (bench/requirements.txt)
    except ImportError:
        return asyncio.run(coroutine)
    return uvloop.run(coroutine)


def main():
    parser = argparse.ArgumentParser(description="Load client of the campaign bench (127.0.0.1 only).")
    sub = parser.add_subparsers(dest="scenario", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--duration", type=float, default=20, help="Seconds measured.")
    common.add_argument("--email-prefix", default=f"bench{int(time.time())}")
    common.add_argument("--email-domains", type=int, default=1000, help="Distinct email domains.")
    common.add_argument(
        "--source-net",
        help="Sign from random source addresses of this loopback network (e.g. 127.1.0.0/16).",
    )
    get = sub.add_parser("get", parents=[common])
    get.add_argument("--url", required=True, action="append", help="Repeat to measure several in turn.")
    get.add_argument("--concurrency", type=int, default=16)
    get.add_argument("--warmup", type=float, default=2)
    sign = sub.add_parser("sign", parents=[common])
    sign.add_argument("--form-url", required=True)
    sign.add_argument("--concurrency", type=int, default=16)
    sign.add_argument(
        "--reuse-form",
        action="store_true",
        help="GET the form once per client, then only POST (the sign POST's own throughput).",
    )
    surge = sub.add_parser("surge", parents=[common])
    surge.add_argument("--base", required=True)
    surge.add_argument("--pages", required=True, help="path=weight,path=weight,…")
    surge.add_argument("--form-path", required=True)
    surge.add_argument("--rate", type=float, default=33, help="Signatures per second.")
    surge.add_argument("--views-per-signature", type=float, default=45)
    surge.add_argument(
        "--no-signers", action="store_true", help="Only the page views (rate × views per signature)."
    )
    surge.add_argument("--max-connections", type=int, default=256)
    surge.add_argument("--max-outstanding", type=int, default=5000)
    surge.add_argument("--processes", type=int, default=2, help="Client processes sharing the schedule.")
    args = parser.parse_args()
    if args.scenario == "surge":
        result = run_surge(args)
    else:
        result = run_loop({"get": run_get, "sign": run_sign}[args.scenario](args))
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
