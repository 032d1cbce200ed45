"""The import pauses the cyclic garbage collector; it must always come back on afterwards."""

import gc
import threading

import pytest

from activities.importing.gc_pause import gc_paused


def test_the_collector_is_off_during_and_back_on_after_even_when_the_import_fails():
    seen = []

    @gc_paused
    def failing():
        seen.append(gc.isenabled())
        raise RuntimeError("bad file")

    with pytest.raises(RuntimeError):
        failing()
    assert seen == [False]
    assert gc.isenabled()


def test_overlapping_pauses_in_two_threads_leave_the_collector_on():
    """Thread A pauses; B pauses while A is paused; A ends; B ends: the collector is on."""
    a_paused, b_paused, a_done = threading.Event(), threading.Event(), threading.Event()
    seen = {}

    @gc_paused
    def first():
        a_paused.set()
        b_paused.wait(5)

    @gc_paused
    def second():
        b_paused.set()
        a_done.wait(5)
        seen["during"] = gc.isenabled()

    a = threading.Thread(target=first)
    a.start()
    a_paused.wait(5)
    b = threading.Thread(target=second)
    b.start()
    a.join(5)
    seen["after_a"] = gc.isenabled()
    a_done.set()
    b.join(5)
    assert seen == {"after_a": False, "during": False}
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off():
    gc.disable()
    try:
        gc_paused(lambda: None)()
        assert not gc.isenabled()
    finally:
        gc.enable()
