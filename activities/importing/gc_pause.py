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


def gc_paused(function):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return function(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return wrapper
