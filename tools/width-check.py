#!/usr/bin/env python3
"""Print the lines of stdin wider than N display columns (default 80), as wcswidth counts
them (libc's, under C.UTF-8); exit 1 if there is one."""
import ctypes
import ctypes.util
import locale
import sys

libc = ctypes.CDLL(ctypes.util.find_library('c'))
libc.setlocale(locale.LC_ALL, b'C.UTF-8')
libc.wcswidth.restype = ctypes.c_int


def width(s):
    w = libc.wcswidth(ctypes.c_wchar_p(s), len(s))
    return w if w >= 0 else len(s) * 2


limit = int(sys.argv[1]) if len(sys.argv) > 1 else 80
bad = 0
for n, line in enumerate(sys.stdin.buffer.read().decode('utf-8', 'replace').split('\n'), 1):
    if width(line) > limit:
        print('%d: %d columns: %s' % (n, width(line), line))
        bad += 1
sys.exit(1 if bad else 0)
