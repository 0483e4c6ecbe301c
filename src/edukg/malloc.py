"""Let this process reuse the memory of the big buffers it frees.

Writing the graph makes and drops buffers of hundreds of megabytes (N-Triples lines joined,
Oxigraph's parser and writer buffers, the JSON-LD text). glibc serves every block over
32 MiB with a fresh mmap and unmaps it on free, so each new buffer is paid again in page
faults: at 4,000 documents N-Triples and Turtle took 1.8 million minor faults and 7.3 s of
system time, 22.7 s in all. Served from the heap and kept after free, the same work took
0.5 million faults and 16.4 s. The cost is memory the process keeps until it exits: for
2,000 documents with `--jobs 2` its peak grew from 2.2 to 2.5 GiB. So `edukg build` asks for
it only in the process that writes N-Triples and Turtle, once any workers are forked (the
SHACL check and JSON-LD gained nothing from it).
"""
from __future__ import annotations

import ctypes
import ctypes.util
import sys

_M_TRIM_THRESHOLD = -1      # from glibc's <malloc.h>
_M_MMAP_THRESHOLD = -3
_BIG = 1 << 30              # blocks up to 1 GiB come from the heap; freed memory is kept


def keep_freed_memory() -> bool:
    """Ask glibc to serve big blocks from the heap and not to return freed memory to the
    system. True when it took effect; elsewhere (macOS, Windows, musl) nothing is changed."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, _BIG) and mallopt(_M_TRIM_THRESHOLD, _BIG))
