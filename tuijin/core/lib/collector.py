"""Pausing Python's cyclic garbage collector around bulk work that makes no cycles.

An import's check builds and drops some 100,000 small lists and tuples (a few per row), all freed by
reference counting. Each 700 of them still wake the collector, and the survivors of a 2,000-row chunk
pile up until it runs a full collection of the whole process: 190 ms in the bench's process, every
other import, a third of the import's time, for nothing to collect.
"""

import gc
import threading
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_was_enabled = False


@contextmanager
def collector_paused():
    """Run the block with the collector off; it comes back on when the last overlapping pause ends (the
    collector is one per process, and pauses from several threads may overlap)."""
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()
