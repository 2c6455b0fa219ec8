import asyncio
from concurrent.futures import ThreadPoolExecutor

import cmod
import filters
from filters import scale


def blur_all(frames):
    with ThreadPoolExecutor() as pool:
        held = list(pool.map(filters.blur, frames))
        released = list(pool.map(filters.blur_nogil, frames))
        lam = list(pool.map(scale, frames))
        c_held = list(pool.map(cmod.crunch, frames))
        c_released = list(pool.map(cmod.crunch_released, frames))
    return held, released, lam, c_held, c_released


async def handler(n):
    return filters.blur_nogil(n)


def sequential(frames):
    out = []
    for f in frames:
        out.append(filters.blur_nogil(f))
    return out
