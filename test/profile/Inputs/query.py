"""Prints facts from a `boundwise profile -o FILE` report for FileCheck.

usage: query.py REPORT FILE EXPRESSION...   (each expression is printed as `EXPRESSION => value`)
Helpers: fn(qualname) -> the function entry; site(callee, line=None) -> the call-site entry,
both in the source file named FILE; doc -> the whole report.
"""
import json
import sys

doc = json.load(open(sys.argv[1], encoding="utf-8"))
source = sys.argv[2]


def in_source(entry):
    return entry["path"].rsplit("/", 1)[-1] == source


def fn(qualname):
    for entry in doc["functions"]:
        if in_source(entry) and entry["id"].split("::", 1)[1] == qualname:
            return entry
    raise SystemExit(f"no function {qualname}")


def site(callee, line=None):
    for entry in doc["call_sites"]:
        named = entry["callee"].endswith(callee) or entry.get("via", "").endswith(callee)  # a dispatch: the pool's method
        if in_source(entry) and named and (line is None or entry["line"] == line):
            return entry
    raise SystemExit(f"no call site {callee}")


for expression in sys.argv[3:]:
    print(f"{expression} => {eval(expression)}")
