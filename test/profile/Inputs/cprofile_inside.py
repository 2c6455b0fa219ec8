"""cProfile inside a measured program: on 3.12+ it claims sys.monitoring.PROFILER_ID, which
boundwise leaves free."""
import cProfile
import pstats
import io
import time


def nap():
    time.sleep(0.05)


def main():
    profiler = cProfile.Profile()
    profiler.enable()
    nap()
    profiler.disable()
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).print_stats("nap")
    print("cProfile saw nap:", "nap" in out.getvalue())


if __name__ == "__main__":
    main()
