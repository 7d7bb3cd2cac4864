"""While the CPUs are contended the task worker pauses between tasks, so that a surge's
pages and signatures go first and the emails catch up afterwards; on a quiet machine it
runs task after task."""

import pytest

from core.management.commands.db_worker import Yielder, cpu_stall_microseconds


class Clock:
    """The kernel's stall counter and the monotonic clock, moved by the test."""

    def __init__(self, monkeypatch):
        self.now = 1000.0
        self.stalled = 0
        self.slept = []
        self.share = 0.0
        monkeypatch.setattr("core.management.commands.db_worker.time.monotonic", lambda: self.now)

    def stalls(self):
        return self.stalled

    def sleep(self, seconds):
        """The worker's pause: the others keep the CPUs as contended as they were."""
        self.slept.append(seconds)
        self.now += seconds
        self.stalled += int(seconds * self.share * 1e6)

    def task(self, yielder, seconds, stalled_share):
        """A task of `seconds`, during which some task waited for a CPU `stalled_share` of the time."""
        self.share = stalled_share
        yielder.started(None)
        self.now += seconds
        self.stalled += int(seconds * stalled_share * 1e6)
        yielder.finished(None)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


def yielder(clock, percent=20, max_seconds=1.0):
    return Yielder(percent=percent, max_seconds=max_seconds, stalls=clock.stalls, sleep=clock.sleep)


def test_on_a_quiet_machine_the_worker_never_pauses(clock):
    worker = yielder(clock)
    for _ in range(300):
        clock.task(worker, 0.01, stalled_share=0.05)

    assert clock.slept == []


def test_under_contention_it_pauses_four_times_as_long_as_each_task_took(clock):
    worker = yielder(clock)
    for _ in range(100):
        clock.task(worker, 0.01, stalled_share=0.6)

    assert clock.slept, "it paused once the contention had lasted half a second"
    assert clock.slept == [pytest.approx(0.04)] * len(clock.slept)
    # Once the half second told it so, it pauses after every task: it runs a fifth of the time.
    assert len(clock.slept) == 50


def test_a_moment_of_contention_within_one_short_task_is_no_reason_to_pause(clock):
    worker = yielder(clock)
    for n in range(300):
        clock.task(worker, 0.01, stalled_share=1.0 if n % 50 == 0 else 0.02)

    assert clock.slept == []


def test_a_long_task_pauses_at_most_the_longest_pause(clock):
    worker = yielder(clock, max_seconds=1.0)
    clock.task(worker, 30, stalled_share=0.9)

    assert clock.slept == [1.0]


def test_once_the_contention_ends_it_runs_at_full_speed_again(clock):
    worker = yielder(clock)
    clock.task(worker, 1.0, stalled_share=0.8)
    paused = len(clock.slept)
    for _ in range(200):
        clock.task(worker, 0.01, stalled_share=0.0)

    assert paused == 1
    # Within half a second it has seen the contention end, and pauses no more.
    assert sum(clock.slept[paused:]) <= Yielder.WINDOW
    assert len(clock.slept) < paused + 20


def test_turned_off_it_never_pauses(clock):
    worker = yielder(clock, percent=0)
    clock.task(worker, 1.0, stalled_share=1.0)

    assert clock.slept == []


def test_without_pressure_figures_from_the_kernel_it_never_pauses(clock, tmp_path):
    worker = Yielder(percent=20, max_seconds=1.0, stalls=lambda: None, sleep=clock.sleep)
    clock.task(worker, 1.0, stalled_share=1.0)

    assert clock.slept == []
    assert cpu_stall_microseconds(tmp_path / "missing") is None


def test_the_kernels_figure_is_read_from_its_some_line(tmp_path):
    pressure = tmp_path / "cpu"
    pressure.write_text(
        "some avg10=75.42 avg60=45.92 avg300=29.54 total=681263027\n"
        "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
    )

    assert cpu_stall_microseconds(pressure) == 681263027
