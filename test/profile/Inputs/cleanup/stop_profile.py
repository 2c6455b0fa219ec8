"""Runs `boundwise profile` on forking.py, stops it with a signal once the worker runs, and
reports what is left: stop_profile.py SIGNAL TMPDIR REPORT -- BOUNDWISE ARGS..."""
import os
import signal
import subprocess
import sys
import time

sig, tmpdir, report = getattr(signal, sys.argv[1]), sys.argv[2], sys.argv[3]
command = sys.argv[sys.argv.index("--") + 1:]
pidfile = os.path.join(tmpdir, "worker.pid")
env = dict(os.environ, TMPDIR=tmpdir)
proc = subprocess.Popen(command + ["-o", report, "--", sys.executable,
                                   os.path.join(os.path.dirname(__file__), "forking.py"), pidfile],
                        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
deadline = time.time() + 60
while not os.path.exists(pidfile) and time.time() < deadline:
    time.sleep(0.05)
time.sleep(0.5)  # the watchdog has noted the worker
proc.send_signal(sig)
print("boundwise exit:", proc.wait(timeout=60))
worker = int(open(pidfile).read())


def alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


deadline = time.time() + 10
while alive(worker) and time.time() < deadline:
    time.sleep(0.05)
print("worker:", "running" if alive(worker) else "ended")
left = sorted(n for n in os.listdir(tmpdir) if n.startswith("boundwise-"))
print("temporary folders:", left or "none")
