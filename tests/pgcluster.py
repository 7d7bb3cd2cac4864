"""A PostgreSQL primary and a streaming replica of it, made for a test run and removed
after it: `initdb`, `pg_basebackup`, `pg_ctl`, each cluster on a free loopback port of
its own, in a temporary folder. PostgreSQL refuses to run as root: as root the
binaries run as the `postgres` user, in a folder it owns."""

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg2

from tests.processes import free_port, wait_for

SETTINGS = """
listen_addresses = '127.0.0.1'
unix_socket_directories = '{sockets}'
wal_level = replica
max_wal_senders = 4
hot_standby = on
hot_standby_feedback = on
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 32MB
max_connections = 40
"""


def pg_bin_dir():
    """The newest installed PostgreSQL's binaries folder, or None."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"), key=lambda path: int(Path(path).parent.name or 0)
    )
    for path in reversed(candidates):
        if all(Path(path, name).exists() for name in ("initdb", "pg_ctl", "pg_basebackup")):
            return Path(path)
    found = shutil.which("pg_basebackup")
    return Path(found).parent if found and shutil.which("initdb") else None


def missing_reason():
    """Why a primary and a replica cannot be made here, or "" when they can."""
    if pg_bin_dir() is None:
        return "PostgreSQL's server binaries (initdb, pg_ctl, pg_basebackup) are not installed"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no `postgres` user to run PostgreSQL as"
    return ""


class Clusters:
    """`with Clusters() as c:` c.primary_url(db), c.replica_url(db), c.pause(), c.resume(),
    c.stop_replica(), c.start_replica(). Everything is stopped and removed on the way out,
    also on failure."""

    def __init__(self, base=None, primary_port=None, replica_port=None):
        """New clusters in a new temporary folder; or, given where, the clusters another
        process made there (to stop them: `.__exit__()`)."""
        self.bin = pg_bin_dir()
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.base = Path(base) if base else Path(tempfile.mkdtemp(prefix="campaign-pg-"))
        self.primary_port = primary_port or free_port()
        self.replica_port = replica_port or free_port()
        self.primary = self.base / "primary"
        self.replica = self.base / "replica"

    def _run(self, *argv, timeout=120):
        subprocess.run(
            [*self.as_postgres, str(self.bin / argv[0]), *argv[1:]],
            cwd=self.base,
            check=True,
            timeout=timeout,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )

    def _pg_ctl(self, data, port, action):
        options = ["-o", f"-p {port}"] if action == "start" else ["-m", "fast"]
        self._run(
            "pg_ctl", "-D", str(data), "-l", str(data.parent / f"{data.name}.log"), "-w", *options, action
        )

    def __enter__(self):
        try:
            if self.as_postgres:
                shutil.chown(self.base, "postgres", "postgres")
            self.base.chmod(0o700)
            self._run(
                "initdb", "-D", str(self.primary), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync"
            )
            with (self.primary / "postgresql.conf").open("a") as conf:
                conf.write(SETTINGS.format(sockets=self.base))
            with (self.primary / "pg_hba.conf").open("a") as hba:
                hba.write("host replication all 127.0.0.1/32 trust\n")
            self._pg_ctl(self.primary, self.primary_port, "start")
            self._run(
                "pg_basebackup",
                "-h", "127.0.0.1", "-p", str(self.primary_port), "-U", "postgres",
                "-D", str(self.replica), "-R", "-X", "stream", "-c", "fast", "--no-sync",
            )  # fmt: skip
            self.start_replica()
            wait_for(self._streaming, timeout=60, what="the replica to stream from the primary")
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc):
        for data, port in ((self.replica, self.replica_port), (self.primary, self.primary_port)):
            if (data / "postmaster.pid").exists():
                try:
                    self._pg_ctl(data, port, "stop")
                except subprocess.SubprocessError:
                    stop = [str(self.bin / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]
                    subprocess.run([*self.as_postgres, *stop], check=False, timeout=60)
        shutil.rmtree(self.base, ignore_errors=True)

    def url(self, port, dbname):
        return f"postgres://postgres@127.0.0.1:{port}/{dbname}"

    def primary_url(self, dbname="postgres"):
        return self.url(self.primary_port, dbname)

    def replica_url(self, dbname="postgres"):
        return self.url(self.replica_port, dbname)

    def query(self, port, sql, params=None, dbname="postgres"):
        conn = psycopg2.connect(
            host="127.0.0.1", port=port, user="postgres", dbname=dbname, connect_timeout=5
        )
        conn.autocommit = True
        try:
            with conn.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall() if cursor.description else None
        finally:
            conn.close()

    def _streaming(self):
        rows = self.query(self.primary_port, "SELECT state FROM pg_stat_replication")
        return bool(rows) and rows[0][0] == "streaming"

    def caught_up(self):
        """Whether the replica has replayed everything the primary has written so far."""
        (lsn,) = self.query(self.primary_port, "SELECT pg_current_wal_insert_lsn()::text")[0]
        return self.query(self.replica_port, "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [lsn])[0][0]

    def heartbeat(self):
        """A transaction on the primary, replayed by the replica before this returns: its
        lag is then measured from now."""
        self.query(self.primary_port, "CREATE TABLE IF NOT EXISTS heartbeat (at timestamptz)")
        self.query(self.primary_port, "INSERT INTO heartbeat VALUES (now())")
        wait_for(self.caught_up, timeout=30, what="the replica to replay the heartbeat")

    def pause(self):
        self.query(self.replica_port, "SELECT pg_wal_replay_pause()")

    def resume(self):
        self.query(self.replica_port, "SELECT pg_wal_replay_resume()")

    def stop_replica(self):
        self._pg_ctl(self.replica, self.replica_port, "stop")

    def start_replica(self):
        self._pg_ctl(self.replica, self.replica_port, "start")
        deadline = time.monotonic() + 60
        while True:
            try:
                self.query(self.replica_port, "SELECT 1")
                return
            except psycopg2.OperationalError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
