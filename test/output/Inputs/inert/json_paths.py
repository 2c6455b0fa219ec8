"""Parses a JSON or SARIF report strictly (UTF-8, no raw control character in a string) and
prints, sorted, the repr of every distinct `path` and `uri` value in it, one a line."""
import json
import sys


def walk(value, found):
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("path", "uri") and isinstance(item, str):
                found.add(item)
            walk(item, found)
    elif isinstance(value, list):
        for item in value:
            walk(item, found)


with open(sys.argv[1], encoding="utf-8", errors="strict") as f:
    document = json.load(f)  # strict: a raw control character in a string is an error
found = set()
walk(document, found)
for item in sorted(found):
    print(ascii(item))
