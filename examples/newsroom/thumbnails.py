"""Article thumbnails: the native blur of native/thumbs.cpp, run on a thread pool.

`thumbs` is the pybind11 extension that `make build` builds into build/examples/
(run with PYTHONPATH=build/examples).
"""
from concurrent.futures import ThreadPoolExecutor
from itertools import repeat

import thumbs


def blur_thumbnails(images, passes=3):
    # thumbs.blur keeps the GIL while it blurs: four threads run it one at a time.
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(thumbs.blur, images, repeat(passes)))


def blur_thumbnails_parallel(images, passes=3):
    # thumbs.blur_released lets the GIL go around the C++ loop: the threads run in parallel.
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(thumbs.blur_released, images, repeat(passes)))
