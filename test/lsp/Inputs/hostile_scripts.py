#!/usr/bin/env python3
"""Writes the lsp_client.py scripts of hostile.test into OUTDIR (their inputs are too big to
commit): deep.json (JSON nested 100,000 deep), framing.json (over-long header lines, too many
headers, a huge Content-Length) and long_lines.json (a 50 KB comment line, an `import` of
7,000 names) for code actions."""
import json
import os
import sys

INIT = [
    {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"processId": None, "rootUri": None, "capabilities": {}}},
    {"jsonrpc": "2.0", "method": "initialized", "params": {}},
]
END = [{"jsonrpc": "2.0", "id": 99, "method": "shutdown"}, {"jsonrpc": "2.0", "method": "exit"}]


def frame(body):
    return "Content-Length: %d\r\n\r\n%s" % (len(body.encode("utf-8")), body)


def code_action(id, uri, line):
    return {"jsonrpc": "2.0", "id": id, "method": "textDocument/codeAction", "params": {
        "textDocument": {"uri": uri}, "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 0}},
        "context": {"diagnostics": []}}}


def did_open(uri, text):
    return {"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}}}


def deep():
    nested = "[" * 100000 + "]" * 100000
    return INIT + [
        {"raw": frame('{"jsonrpc":"2.0","id":2,"method":"textDocument/codeAction","params":{"x":%s}}' % nested)},
        {"raw": frame('{"jsonrpc":"2.0","method":"textDocument/didOpen","params":%s}' % nested)},
        {"raw": frame('{"jsonrpc":"2.0","id":3,"method":"x","params":[%s,%s]}' % ("{\"a\":" * 50000 + "1" + "}" * 50000, nested))},
        code_action(4, "@ROOT@/nowhere.py", 0),
    ] + END


def framing():
    headers = "".join("X-Pad-%d: %d\r\n" % (i, i) for i in range(40))
    return INIT + [
        {"raw": "X" * 20000 + "\r\n\r\n"},
        {"raw": "Content-Length: 2\r\nX-Long: " + "y" * 9000 + "\r\n\r\n{}"},
        {"raw": "Content-Length: 99999999999999999999\r\n\r\n"},
        {"raw": headers + "Content-Length: 2\r\n\r\n{}"},
        code_action(2, "@ROOT@/nowhere.py", 0),
    ] + END


def long_lines():
    names = ", ".join("m%d" % i for i in range(7000))
    a = "import time\n# " + "x" * 50000 + "\nimport " + names + "\n\n\nasync def handler():\n    time.sleep(1)\n"
    b = "import time\nimport " + names + ", asyncio  # " + "y" * 50000 + "\n\n\nasync def handler():\n    time.sleep(1)\n"
    return INIT + [
        did_open("@ROOT@/a.py", a),
        {"await": "textDocument/publishDiagnostics", "count": 1},
        code_action(2, "@ROOT@/a.py", 6),
        did_open("@ROOT@/b.py", b),
        {"await": "textDocument/publishDiagnostics", "count": 3},
        code_action(3, "@ROOT@/b.py", 5),
    ] + END


def main(outdir):
    for name, script in (("deep", deep()), ("framing", framing()), ("long_lines", long_lines())):
        with open(os.path.join(outdir, name + ".json"), "w", encoding="utf-8") as f:
            json.dump(script, f)


if __name__ == "__main__":
    main(sys.argv[1])
