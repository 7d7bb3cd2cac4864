"""gunicorn's threaded worker, taking a new connection only while one of its threads is free.

Every worker process waits on the same listening socket, and gunicorn's `gthread` worker
accepts whenever it is readable, busy or not. When many keep-alive connections open at
once (nginx filling its pool of upstream connections in a surge, or a load test) the
first worker to wake takes most of them and keeps them: the bench found 15 of 16
connections on one of three workers, which then served nearly everything while the
others stood idle, and signing ran at half its rate until the connections were reopened.
This worker stops listening while all its threads are handling requests, so the next
connection goes to a worker with a free thread.
"""

from gunicorn.workers.gthread import ThreadWorker


class BalancedThreadWorker(ThreadWorker):
    def _has_a_free_thread(self):
        waiting = len(self.keepalived_conns) + len(self.pending_conns)
        return self.nr_conns - waiting < self.cfg.threads

    def set_accept_enabled(self, enabled):
        super().set_accept_enabled(enabled and self._has_a_free_thread())

    def enqueue_req(self, conn):
        super().enqueue_req(conn)
        # A connection accepted, or one kept alive sending its next request, takes a thread.
        if self._accepting and not self._has_a_free_thread():
            super().set_accept_enabled(False)
