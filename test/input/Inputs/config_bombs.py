"""Writes the pathological configuration and rule files of config_bounds.test and
rules_bounds.test into DIR: generated at test time, never committed (some are MiBs)."""
import os
import sys

out = sys.argv[1]


def write(relative, text):
    path = os.path.join(out, relative)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def laughs(key, fanout=9, levels=10):
    """fanout ** levels values once the aliases are expanded, in under 1 KiB."""
    lines = ["a0: &a0 [" + ", ".join(["lol"] * fanout) + "]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * fanout) + "]")
    return "\n".join(lines) + f"\n{key}: *a{levels - 1}\n"


APP = "import time\nasync def handler():\n    time.sleep(1)\n"
for case in ("laughs", "deep", "block", "huge", "toml_deep", "toml_huge", "fine"):
    write(f"{case}/app.py", APP)

# .boundwise.yaml found in the analysed tree.
write("laughs/.boundwise.yaml", laughs("select"))
write("deep/.boundwise.yaml", "select: " + "[" * 100000 + "\n")
write("block/.boundwise.yaml", "select:\n" + "".join("  " * i + "- \n" for i in range(1, 300)))
write("huge/.boundwise.yaml", "exclude:\n" + "  - generated/*\n" * 200000)
write("toml_deep/pyproject.toml", "[tool.boundwise]\nseverity." + "a." * 50000 + "b = 1\n")
write("toml_huge/pyproject.toml", "[tool.boundwise]\nselect = [\"BW2\"]\n" + "# padding\n" * 300000)
# A few aliases are fine.
write("fine/.boundwise.yaml", "ignore: &codes [BW201]\nper-file-ignores:\n  'tests/*': *codes\n")

# Rule files given with --rules.
RULES = "language: python\nrules:\n  - api: acme.fetch\n    effect: io:network\n"
write("rules/laughs.yaml", RULES + laughs("extra", fanout=10))
write("rules/deep.yaml", "language: python\nrules: " + "[" * 200000 + "\n")
write("rules/huge.yaml", RULES + "".join(f"  - api: gen.f{i}\n    effect: io:disk\n" for i in range(200000)))
write("rules/cycle.yaml", "language: python\nrules: &r [*r]\n")
