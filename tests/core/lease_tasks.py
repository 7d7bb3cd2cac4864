"""A task for the lease tests. Each run is written down in a file, so that a test counts
runs across processes: a worker killed mid-task and the one that runs it again."""

import time
from pathlib import Path

from django.tasks import task


@task
def write_down(path, hold_first_run=False):
    """Write "start", then "done". With `hold_first_run` the first run holds after "start"
    (for ten minutes at most) until its worker is killed."""
    notes = Path(path)
    with notes.open("a") as file:
        file.write("start\n")
    if hold_first_run and notes.read_text().count("start") == 1:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            time.sleep(0.1)
    with notes.open("a") as file:
        file.write("done\n")
    return "done"
