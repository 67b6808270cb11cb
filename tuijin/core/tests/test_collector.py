import gc
import threading

import pytest

from tuijin.core.lib.collector import collector_paused


def test_the_collector_is_back_on_after_the_block_even_when_it_raises():
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), collector_paused():
        assert not gc.isenabled()
        1 / 0
    assert gc.isenabled()


def test_overlapping_pauses_in_two_threads_end_with_the_last():
    first_in, second_done = threading.Event(), threading.Event()

    def other():
        first_in.wait()
        with collector_paused():
            pass
        second_done.set()

    thread = threading.Thread(target=other)
    thread.start()
    with collector_paused():
        first_in.set()
        second_done.wait()
        assert not gc.isenabled()  # the other thread's pause ended; this one has not
    thread.join()
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_process_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
