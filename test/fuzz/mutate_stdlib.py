#!/usr/bin/env python3
"""Mutation run: real Python files, broken in the ways editors and generators break them, through
`boundwise check --format json`. Counts crashes (a signal), hangs (a batch over the timeout) and
output that is not valid JSON; any of them fails the run (exit 1).

    test/fuzz/mutate_stdlib.py --boundwise build/bin/boundwise --files 3000

Takes N files of a Python tree (the CPython stdlib of /usr/lib/python3.11 by default, chosen with
a fixed seed), writes one mutant of each into a scratch folder, in batches of --batch files, and
runs `check` once per batch. Mutations: byte flips, deletions, duplicated lines, splices of two
files, deep nesting inserted (a few hundred to a few thousand levels), invalid UTF-8, CR-only
and mixed line endings, NULs, truncation, a huge line. Failing batches are kept in --keep for
reproducing (`boundwise check --format json DIR`).
"""
import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time


def byte_flips(data, rng):
    data = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        if data:
            data[rng.randrange(len(data))] = rng.randrange(256)
    return bytes(data)


def deletions(data, rng):
    for _ in range(rng.randint(1, 5)):
        if len(data) < 2:
            break
        start = rng.randrange(len(data))
        data = data[:start] + data[start + rng.randint(1, 200):]
    return data


def duplicate_lines(data, rng):
    lines = data.split(b"\n")
    for _ in range(rng.randint(1, 10)):
        i = rng.randrange(len(lines))
        lines[i:i] = lines[i:i + rng.randint(1, 20)] * rng.randint(1, 5)
    return b"\n".join(lines)


def splice(data, rng, other):
    a, b = rng.randrange(len(data) + 1), rng.randrange(len(other) + 1)
    return data[:a] + other[b:b + rng.randint(1, 4000)] + data[a:]


def deep_nesting(data, rng):
    depth = rng.choice([100, 300, 1000, 3000, 10000])
    opener, closer = rng.choice([(b"(", b")"), (b"[", b"]"), (b"{", b"}"), (b"f(", b")"), (b"-", b""), (b"not ", b""),
                                 (b"lambda: ", b""), (b"await ", b""), (b"x[", b"]")])
    kind = rng.random()
    if kind < 0.6:
        snippet = b"x = " + opener * depth + b"1" + closer * depth + b"\n"
    elif kind < 0.8:
        snippet = b"".join(b" " * i + b"if x:\n" for i in range(min(depth, 1000))) + b" " * min(depth, 1000) + b"pass\n"
    else:
        snippet = b"x = " + opener * depth  # unclosed
    lines = data.split(b"\n")
    i = rng.randrange(len(lines) + 1)
    return b"\n".join(lines[:i] + [snippet] + lines[i:])


def invalid_utf8(data, rng):
    data = bytearray(data)
    for _ in range(rng.randint(1, 10)):
        junk = rng.choice([b"\xff", b"\xc3", b"\xe2\x82", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf", b"\x80"])
        at = rng.randrange(len(data) + 1)
        data[at:at] = junk
    return bytes(data)


def line_endings(data, rng):
    choice = rng.random()
    if choice < 0.4:
        return data.replace(b"\n", b"\r")
    if choice < 0.7:
        return data.replace(b"\n", b"\r\n")
    return bytes(c for i, c in enumerate(data) if not (c == 10 and i % 3 == 0)) .replace(b"\n", b"\r\n", 5)


def nuls(data, rng):
    at = rng.randrange(len(data) + 1)
    return data[:at] + b"\x00" * rng.randint(1, 50) + data[at:]


def truncate(data, rng):
    return data[:rng.randrange(len(data) + 1)]


def huge_line(data, rng):
    at = rng.randrange(len(data) + 1)
    return data[:at] + b"x = '" + b"a" * rng.randint(100_000, 2_000_000) + b"'\n" + data[at:]


MUTATORS = [byte_flips, deletions, duplicate_lines, splice, deep_nesting, invalid_utf8, line_endings, nuls, truncate,
            huge_line]


def mutate(data, rng, pool):
    out = data
    used = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        m = rng.choice(MUTATORS)
        used.append(m.__name__)
        out = m(out, rng, rng.choice(pool)) if m is splice else m(out, rng)
    return out, used


def python_files(root):
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in ("site-packages", "dist-packages", "__pycache__"))
        found += [os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith(".py")]
    return found


def run_batch(boundwise, folder, timeout):
    """(outcome, detail): outcome is ok, crash, hang or invalid-json."""
    start = time.monotonic()
    try:
        proc = subprocess.run([boundwise, "check", "--format", "json", "--exit-zero", folder], capture_output=True,
                              timeout=timeout)
    except subprocess.TimeoutExpired:
        return "hang", f"over {timeout} s"
    elapsed = time.monotonic() - start
    if proc.returncode < 0:
        return "crash", f"signal {signal.Signals(-proc.returncode).name}: " + proc.stderr.decode(errors="replace")[-2000:]
    if proc.returncode not in (0, 1, 2):
        return "crash", f"exit {proc.returncode}: " + proc.stderr.decode(errors="replace")[-2000:]
    try:
        json.loads(proc.stdout)
    except ValueError as e:
        return "invalid-json", f"{e}; exit {proc.returncode}; stdout starts {proc.stdout[:200]!r}"
    return "ok", f"{elapsed:.1f} s"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--boundwise", required=True)
    ap.add_argument("--source", default="/usr/lib/python3.11", help="tree of .py files to mutate")
    ap.add_argument("--files", type=int, default=3000, help="mutated files in all")
    ap.add_argument("--batch", type=int, default=100, help="files per `check` run")
    ap.add_argument("--timeout", type=float, default=120, help="seconds per batch before it counts as a hang")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--keep", default="mutate-failures", help="where failing batches are copied")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    sources = python_files(args.source)
    if not sources:
        sys.exit(f"mutate_stdlib: no .py files under {args.source}")
    pool = []
    for path in rng.sample(sources, min(len(sources), 200)):
        with open(path, "rb") as f:
            pool.append(f.read())
    counts = {"ok": 0, "crash": 0, "hang": 0, "invalid-json": 0}
    mutations = {m.__name__: 0 for m in MUTATORS}
    done = 0
    started = time.monotonic()
    scratch = tempfile.mkdtemp(prefix="bw-mutate-")
    try:
        batch_no = 0
        while done < args.files:
            folder = os.path.join(scratch, f"batch{batch_no:04d}")
            os.makedirs(folder)
            n = min(args.batch, args.files - done)
            for i in range(n):
                path = rng.choice(sources)
                with open(path, "rb") as f:
                    data = f.read()
                mutant, used = mutate(data, rng, pool)
                for u in used:
                    mutations[u] += 1
                with open(os.path.join(folder, f"m{i:03d}_{os.path.basename(path)}"), "wb") as f:
                    f.write(mutant)
            outcome, detail = run_batch(args.boundwise, folder, args.timeout)
            counts[outcome] += 1
            done += n
            if outcome != "ok":
                kept = os.path.join(args.keep, f"batch{batch_no:04d}")
                shutil.rmtree(kept, ignore_errors=True)
                shutil.copytree(folder, kept)
                print(f"mutate: batch {batch_no} {outcome.upper()}: {detail}\n    kept in {kept}", flush=True)
            shutil.rmtree(folder)
            batch_no += 1
            if batch_no % 5 == 0:
                print(f"mutate: {done}/{args.files} files, {time.monotonic() - started:.0f} s", flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    bad = counts["crash"] + counts["hang"] + counts["invalid-json"]
    print("mutate: mutations used: " + ", ".join(f"{k} {v}" for k, v in mutations.items()))
    print(f"mutate: {done} mutated files in {batch_no} batches, {time.monotonic() - started:.0f} s: "
          f"{counts['crash']} crashes, {counts['hang']} hangs, {counts['invalid-json']} invalid JSON")
    print(f"mutate: {counts['ok']} passed, {bad} failed")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
