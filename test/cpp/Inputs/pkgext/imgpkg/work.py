from concurrent.futures import ThreadPoolExecutor

import imgpkg._native
from imgpkg import _native
from . import _native as relative_native


def from_import(sizes):
    with ThreadPoolExecutor() as pool:
        return list(pool.map(_native.smooth, sizes))


def dotted_import(sizes):
    with ThreadPoolExecutor() as pool:
        return list(pool.map(imgpkg._native.smooth, sizes))


def relative_import(sizes):
    with ThreadPoolExecutor() as pool:
        return list(pool.map(relative_native.smooth, sizes))


def released(sizes):
    with ThreadPoolExecutor() as pool:
        return list(pool.map(_native.smooth_released, sizes))
