"""Cyclic garbage collection paused while an import builds and writes many small objects.

An import of thousands of rows allocates hundreds of thousands of tuples and dicts, none of
them in reference cycles, and keeps them alive to the end; each allocation burst triggers a
collection that walks every one of them again. Pausing the collector for the import's few
seconds took about a tenth off a 5,000-row import (`manage.py benchmark`). Reference counting
still frees everything as usual; the collector is re-enabled (if it was on) however the import
ends, and runs as normal afterwards.
"""

import functools
import gc
import threading

_lock = threading.Lock()
_depth = 0  # pauses under way, in any thread
_was_enabled = False  # whether the collector was on when the first of them began


def gc_paused(function):
    """Run function with the collector paused. Pauses nest and overlap across threads: the
    collector comes back on when the last one ends, if it was on when the first began."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        global _depth, _was_enabled
        with _lock:
            if _depth == 0:
                _was_enabled = gc.isenabled()
                gc.disable()
            _depth += 1
        try:
            return function(*args, **kwargs)
        finally:
            with _lock:
                _depth -= 1
                if _depth == 0 and _was_enabled:
                    gc.enable()

    return wrapper
