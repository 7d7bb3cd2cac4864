"""A redis-server of a test's own, started on a free loopback port and stopped after it:
for what only a real Redis shows (one round trip, Lua, a server that dies)."""

import subprocess

import redis

from tests.processes import free_port, wait_for


class RedisServer:
    """A redis-server of this test's own on a free loopback port, nothing kept on disk."""

    def __init__(self, directory):
        self.process = None
        for _attempt in range(5):  # another process may take the free port first
            self.port = free_port()
            self.process = subprocess.Popen(
                ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
                + ["--save", "", "--appendonly", "no", "--dir", str(directory)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                wait_for(lambda: self.process.poll() is not None or self.answers(), what="redis-server")
            except AssertionError:
                self.stop()
                raise
            if self.process.poll() is None:
                return
        raise AssertionError("redis-server did not start")

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self):
        return redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5)

    def answers(self):
        try:
            return self.client().ping()
        except redis.exceptions.ConnectionError:
            return False

    def kill(self):
        self.process.kill()
        self.process.wait(timeout=60)
        wait_for(lambda: not self.answers(), what="Redis to be gone")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
        if self.process is not None:
            self.process.wait(timeout=60)
