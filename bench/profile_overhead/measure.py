"""Interleaved plain / profiled runs; prints each pair and the median ratios (wall and CPU).

CPU time (user + system of the whole process tree, from RUSAGE_CHILDREN) is reported next to
wall time: on a shared machine the wall ratio carries the other tenants' noise, CPU time
much less of it."""
import os
import resource
import statistics
import subprocess
import sys
import time

# The interpreter to measure (PYTHON=/path/python3.12 bench/profile_overhead.sh): on 3.12+ the
# profiler measures through sys.monitoring, on 3.11 by swapping __code__.
PYTHON = os.environ.get("PYTHON", "python3")


def run(command):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main():
    boundwise, pairs, rounds, program = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    plain_cmd = [PYTHON, program, rounds]
    profiled_cmd = [boundwise, "profile", "-q", "--", PYTHON, program, rounds]
    load = open("/proc/loadavg").read().split()[:3]
    version = subprocess.run([PYTHON, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                             check=True, capture_output=True, text=True).stdout.strip()
    print(f"python {version} ({PYTHON}); program: {os.path.basename(program)} {rounds}; {pairs} interleaved pairs; "
          f"{os.cpu_count()} cores; load {' '.join(load)}")
    wall_ratios, cpu_ratios = [], []
    for i in range(pairs):
        plain = run(plain_cmd)
        profiled = run(profiled_cmd)
        wall_ratios.append(profiled[0] / plain[0])
        cpu_ratios.append(profiled[1] / plain[1])
        print(f"pair {i + 1}: plain {plain[0]:.2f} s wall / {plain[1]:.2f} s CPU, "
              f"profiled {profiled[0]:.2f} s / {profiled[1]:.2f} s: "
              f"ratio {wall_ratios[-1]:.3f} wall, {cpu_ratios[-1]:.3f} CPU")
    print(f"median ratio profiled/plain: {statistics.median(wall_ratios):.3f} wall, "
          f"{statistics.median(cpu_ratios):.3f} CPU (target <= 1.05)")
    fixed_plain = run([PYTHON, "-c", "pass"])
    fixed = run([boundwise, "profile", "-q", "--source", os.path.dirname(program), "--", PYTHON, "-c", "pass"])
    print(f"fixed cost of a run: {os.path.basename(PYTHON)} -c pass {fixed_plain[0]:.2f} s wall / {fixed_plain[1]:.2f} s CPU; "
          f"under boundwise profile {fixed[0]:.2f} s / {fixed[1]:.2f} s")


if __name__ == "__main__":
    main()
