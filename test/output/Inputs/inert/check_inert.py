"""Checks that output meant for a terminal or a line-oriented reader is inert.

Usage: check_inert.py [--color] [--github] FILE...

Each FILE must be UTF-8 and hold no control character but the line feed: no ESC, BEL, CR, tab,
DEL, C1 control (U+0080-U+009F) or bidirectional override or isolate. With --color, the colour
codes boundwise itself writes (bold, dim, red, yellow, cyan, reset) are allowed, and at least
one must be there. With --github, every line must be a workflow command (`::error `,
`::warning `, `::notice `). No line may be the forged finding
`fake.py:1:1: error: forged finding [BW999]`, alone or after leading spaces.
"""
import re
import sys

OWN_COLOURS = re.compile(r"\x1b\[(?:1|1;31|1;33|1;36|2|0)m")
FORGED = "fake.py:1:1: error: forged finding [BW999]"


def unsafe(ch):
    cp = ord(ch)
    return (cp < 0x20 and ch != "\n") or cp == 0x7F or 0x80 <= cp <= 0x9F or 0x202A <= cp <= 0x202E or \
        0x2066 <= cp <= 0x2069


def main(argv):
    color = "--color" in argv
    github = "--github" in argv
    files = [a for a in argv if not a.startswith("--")]
    failed = False
    for path in files:
        data = open(path, "rb").read()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            print(f"{path}: not UTF-8: {e}")
            failed = True
            text = data.decode("utf-8", errors="replace")
        if color:
            text, colours = OWN_COLOURS.subn("", text)
            if colours == 0:
                print(f"{path}: --color output without boundwise's own colour codes")
                failed = True
        for n, line in enumerate(text.split("\n"), 1):
            bad = sorted({f"U+{ord(c):04X}" for c in line if unsafe(c)})
            if bad:
                print(f"{path}:{n}: raw control characters {', '.join(bad)}: {line!r}")
                failed = True
            if line.strip() == FORGED:
                print(f"{path}:{n}: the forged finding is a line of its own")
                failed = True
            if github and line and not re.match(r"::(error|warning|notice) ", line):
                print(f"{path}:{n}: not a workflow command: {line!r}")
                failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
