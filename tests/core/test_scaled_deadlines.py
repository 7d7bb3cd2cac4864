"""Bounds on how long things take grow with the machine's load, within a ceiling."""

from tests import processes


def test_an_idle_machine_keeps_the_bound_and_a_busy_one_grows_it(monkeypatch):
    assert processes.load_factor(load=0.3, cpus=2) == 1
    assert processes.load_factor(load=8, cpus=2) == 4
    assert processes.load_factor(load=80, cpus=2) == processes.MAX_LOAD_FACTOR
    monkeypatch.setattr(processes.os, "getloadavg", lambda: (8.0, 0.0, 0.0))
    monkeypatch.setattr(processes.os, "cpu_count", lambda: 2)
    assert processes.scaled(5) == 20
    assert processes.scaled(5, at_most=9) == 9, "never as long as the fault it is there to catch"


def test_waiting_for_a_condition_gives_up_after_the_scaled_deadline(monkeypatch):
    monkeypatch.setattr(processes.os, "getloadavg", lambda: (0.0, 0.0, 0.0))
    waited = []
    try:
        processes.wait_for(lambda: waited.append(1) and False, timeout=0.2, what="nothing")
    except AssertionError as exc:
        assert "nothing" in str(exc)
    else:
        raise AssertionError("wait_for returned on a condition never met")
    assert len(waited) >= 2
