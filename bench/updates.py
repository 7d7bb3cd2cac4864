"""Bench of updates to supporters and of the delivery pack.

    python bench/updates.py --send 100000      # one update to N consenting signers
    python bench/updates.py --pack 1000000     # the delivery pack of N listed signatures

Run with DATABASE_URL pointing at an empty database of its own (it is migrated and
filled here). `--send` starts a local SMTP server (aiosmtpd) in this process, queues
the update and runs one `manage.py db_worker` until the update is sent; it reports the
messages a second, the worker's peak memory (VmHWM) and CPU time, and checks at the SMTP
server that every address received exactly one message, in the language it signed in.
`--pack` builds the pack in a child process and reports its time and peak memory.
Prints one JSON object (and the progress every 30 s on stderr).
"""

import argparse
import json
import logging
import os
import re
import resource
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign.settings")
# Queued for the worker this bench starts, never sent from this process.
os.environ["TASKS_BACKEND"] = "database"

import django  # noqa: E402

django.setup()
# The SMTP server logs every command: quiet, or its logging costs the bench's CPU.
logging.getLogger("mail.log").setLevel(logging.WARNING)

from aiosmtpd.controller import Controller  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from petition.addresses import email_hash  # noqa: E402
from petition.models import Petition, Signature  # noqa: E402
from tests.processes import free_port  # noqa: E402
from updates import services  # noqa: E402
from updates.models import Recipient, Update  # noqa: E402

LANGUAGES = ["en", "zh-hant", "zh-hans"]
NAMES = ["陳大文", "张小明", "Chan Tai Man", "Ольга Петрова", "李嘉欣", "Jane Doe"]


class Sink:
    """The local SMTP server: how many messages each address received, in which language."""

    def __init__(self):
        self.count = 0
        self.received = Counter()
        self.languages = {}
        self.multiple_recipients = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        headers = envelope.content.split(b"\r\n\r\n", 1)[0].decode("ascii", "replace")
        match = re.search(r"^Content-Language: *(\S+)", headers, re.MULTILINE | re.IGNORECASE)
        with self.lock:
            self.count += 1
            if len(envelope.rcpt_tos) != 1:
                self.multiple_recipients += 1
            for address in envelope.rcpt_tos:
                self.received[address] += 1
                self.languages[address] = match.group(1) if match else ""
        return "250 OK"

    def check(self, count):
        """Exactly once, in the signer's language: bench{n}@ signed in LANGUAGES[n % 3]."""
        expected = {f"bench{n}@example.org": LANGUAGES[n % 3] for n in range(count)}
        return {
            "received": self.count,
            "distinct_recipients": len(self.received),
            "received_twice_or_more": sum(1 for n in self.received.values() if n > 1),
            "never_received": sum(1 for address in expected if address not in self.received),
            "in_another_language": sum(
                1 for address, language in self.languages.items() if expected.get(address) != language
            ),
            "messages_with_more_than_one_recipient": self.multiple_recipients,
        }


def fresh_petition(slug):
    """A new petition in a freshly migrated database."""
    call_command("migrate", "--noinput", verbosity=0)
    return Petition.objects.create(slug=slug, title_en="Bench", statement_en="Bench petition.", goal=100)


def seed(petition, count, *, with_email):
    now = timezone.now()
    batch = 5000
    for start in range(0, count, batch):
        rows = []
        for n in range(start, min(count, start + batch)):
            address = f"bench{n}@example.org"
            rows.append(
                Signature(
                    petition=petition,
                    name=f"{NAMES[n % len(NAMES)]} {n}",
                    display="initials" if n % 5 == 0 else "full",
                    email=address if with_email else "",
                    email_canonical=email_hash(address) if with_email else None,
                    country=["HK", "GB", "CN", "TW", "US"][n % 5],
                    state="confirmed",
                    confirmed_at=now,
                    consent_updates_at=now if with_email else None,
                    language=LANGUAGES[n % 3],
                )
            )
        with transaction.atomic():
            Signature.objects.bulk_create(rows)


def peak_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return None


def worker_cpu_seconds(pid):
    """User + system CPU the worker used so far (/proc/PID/stat, in clock ticks)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return round((int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"), 1)


def bench_send(count, *, rate, batch):
    petition = fresh_petition("bench-updates")
    started = time.monotonic()
    seed(petition, count, with_email=True)
    seeded = time.monotonic() - started
    sink = Sink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    update = Update.objects.create(
        petition=petition,
        subject_en="News",
        subject_zh_hant="消息",
        subject_zh_hans="消息",
        body_en="<p>What happened this week, and what you can do.</p>",
        body_zh_hant="<p>本週的消息。</p>",
        body_zh_hans="<p>本周的消息。</p>",
    )
    services.update_send(update=update)
    env = {
        **os.environ,
        "EMAIL_URL": f"smtp://127.0.0.1:{port}",
        "TASKS_BACKEND": "database",
        "UPDATES_RATE": str(rate),
        "UPDATES_BATCH_SIZE": str(batch),
        "TASKS_SCHEDULE": "off",  # the worker sends this update and nothing else
    }
    begun = time.monotonic()
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-startup-delay", "--interval", "0.2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    peak = 0
    progress = []  # (seconds, messages received) every 30 s: the rate over the run
    try:
        while Update.objects.filter(pk=update.pk).values_list("state", flat=True).get() != Update.State.SENT:
            peak = max(peak, peak_kib(worker.pid) or 0)
            if worker.poll() is not None:
                raise SystemExit("the worker stopped")
            now = time.monotonic() - begun
            if not progress or now - progress[-1][0] >= 30:
                progress.append((round(now), sink.count))
                print(f"{now:.0f} s: {sink.count} received, load {os.getloadavg()[0]:.1f}", file=sys.stderr)
            time.sleep(0.5)
        peak = max(peak, peak_kib(worker.pid) or 0)
        elapsed = time.monotonic() - begun
        cpu = worker_cpu_seconds(worker.pid)
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        controller.stop()
    sent = Recipient.objects.filter(update=update, state=Recipient.State.SENT).count()
    return {
        "messages": count,
        "rate_setting_per_minute": rate,
        "batch": batch,
        "seed_seconds": round(seeded, 1),
        "send_seconds": round(elapsed, 1),
        "messages_per_second": round(count / elapsed, 1),
        "worker_peak_mib": round(peak / 1024, 1),
        "worker_cpu_seconds": cpu,
        "load_average_at_end": round(os.getloadavg()[0], 1),
        **sink.check(count),
        "rows_sent": sent,
        "database": connection.vendor,
        "progress": progress,
    }


PACK_CHILD = """
import os, sys, time, resource, json
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "campaign.settings")
import django
django.setup()
from petition.models import Petition
from updates import pack
petition = Petition.objects.filter(slug="bench-pack").first() or Petition.objects.current()
started = time.monotonic()
fingerprint, count, kind = pack.build_pack(petition, {destination!r})
print(json.dumps({{"seconds": round(time.monotonic() - started, 1), "listed": count, "kind": kind,
                  "peak_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
                  "bytes": os.path.getsize({destination!r})}}))
"""


def bench_pack(count, destination, *, reuse=False):
    started = time.monotonic()
    if reuse:  # the petition a previous run seeded (or bench/seed.py's current petition)
        petition = Petition.objects.filter(slug="bench-pack").first() or Petition.objects.current()
        count = petition.signatures.count()
    else:
        seed(fresh_petition("bench-pack"), count, with_email=False)
    seeded = time.monotonic() - started
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) petition_signature")
    result = subprocess.run(
        [sys.executable, "-c", PACK_CHILD.format(root=str(ROOT), destination=destination)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    measured = json.loads(result.stdout.splitlines()[-1])
    return {"signatures": count, "seed_seconds": round(seeded, 1), **measured}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--send", type=int)
    parser.add_argument("--rate", type=int, default=1_000_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--pack", type=int)
    parser.add_argument("--reuse", action="store_true", help="--pack: the signatures a previous run seeded")
    parser.add_argument("--output", default="/tmp/bench-delivery-pack.bin")
    args = parser.parse_args()
    report = {"bench_peak_mib": None}
    if args.send:
        report["send"] = bench_send(args.send, rate=args.rate, batch=args.batch)
    if args.pack:
        report["pack"] = bench_pack(args.pack, args.output, reuse=args.reuse)
    report["bench_peak_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
