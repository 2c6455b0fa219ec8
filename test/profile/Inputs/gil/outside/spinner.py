"""A thread that spins in Python, holding the GIL whenever it runs. It lives outside the analysed
sources, so the profiler places no probe in it."""
import contextlib
import threading


@contextlib.contextmanager
def spinning():
    stop = threading.Event()

    def spin():
        n = 0
        while not stop.is_set():
            n += 1

    thread = threading.Thread(target=spin, daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
