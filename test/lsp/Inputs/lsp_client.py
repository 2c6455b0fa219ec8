#!/usr/bin/env python3
"""A scripted LSP client for the lit tests (standard library only).

usage: lsp_client.py [--root DIR] SCRIPT.json -- SERVER-COMMAND...
       lsp_client.py --latency N --file FILE.py -- SERVER-COMMAND...

SCRIPT.json is a list. Each entry is sent in order:
  {"jsonrpc": ...}            a message, framed with Content-Length
  {"raw": "text"}             bytes written as they are (broken framing, bad JSON)
  {"await": METHOD-or-ID, "count": N}
                              wait until N messages with that method (or response id) arrived
  {"close": true}             close the server's standard input (end of input)
  {"write": PATH, "text": T}  write T to the file PATH (relative to --root): an edit on disk
Strings "@ROOT@" in the script become the file:// URI of --root; received messages have that
URI turned back into "@ROOT@". Every received message is printed on its own line, compact with
sorted keys, then "exit code: N". The server gets 10 seconds to finish after the script ends.
"""
import json
import os
import subprocess
import sys
import threading
import time
import urllib.parse

TIMEOUT = 10


class Server:
    def __init__(self, command):
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.received = []  # (arrival time, message)
        self.cond = threading.Condition()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return self._done()
                line = line.strip()
                if not line:
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value)
            body = out.read(length or 0)
            with self.cond:
                self.received.append((time.monotonic(), json.loads(body)))
                self.cond.notify_all()

    def _done(self):
        with self.cond:
            self.cond.notify_all()

    def send_raw(self, data):
        try:
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        except BrokenPipeError:
            pass

    def send(self, message):
        body = json.dumps(message).encode("utf-8")
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def matching(self, key):
        return [m for _, m in self.received if m.get("method") == key or ("method" not in m and m.get("id") == key)]

    def wait_for(self, key, count):
        deadline = time.monotonic() + TIMEOUT
        with self.cond:
            while len(self.matching(key)) < count:
                left = deadline - time.monotonic()
                if left <= 0 or not self.reader.is_alive():
                    sys.exit("lsp_client: timed out waiting for %d x %r" % (count, key))
                self.cond.wait(min(left, 0.5))

    def finish(self):
        try:
            self.proc.stdin.close()
        except BrokenPipeError:
            pass
        try:
            code = self.proc.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            code = "timeout (killed)"
        self.reader.join(TIMEOUT)
        return code


def substitute(value, old, new):
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, list):
        return [substitute(v, old, new) for v in value]
    if isinstance(value, dict):
        return {substitute(k, old, new): substitute(v, old, new) for k, v in value.items()}
    return value


def file_uri(path):
    return "file://" + urllib.parse.quote(os.path.abspath(path))


def run_script(script, root, command):
    root_uri = file_uri(root) if root else None
    if root_uri:
        script = substitute(script, "@ROOT@", root_uri)
    server = Server(command)
    for entry in script:
        if "raw" in entry:
            server.send_raw(entry["raw"].encode("utf-8"))
        elif "await" in entry:
            server.wait_for(entry["await"], entry.get("count", 1))
        elif "close" in entry:
            break
        elif "write" in entry:
            with open(os.path.join(root or ".", entry["write"]), "w", encoding="utf-8") as f:
                f.write(entry["text"])
        else:
            server.send(entry)
    code = server.finish()
    for _, message in server.received:
        if root_uri:
            message = substitute(message, root_uri, "@ROOT@")
        print(json.dumps(message, sort_keys=True, separators=(",", ":"), ensure_ascii=False))
    print("exit code: %s" % code)


def run_latency(count, path, command):
    """didChange -> publishDiagnostics round trips on one file; prints p50/p95/max in ms."""
    uri = file_uri(path)
    with open(path, encoding="utf-8") as f:
        text = f.read()
    server = Server(command)
    server.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
    server.wait_for(1, 1)
    server.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    server.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
        "textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}}})
    server.wait_for("textDocument/publishDiagnostics", 1)
    samples = []
    for i in range(count):
        start = time.monotonic()
        server.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": i + 2},
            "contentChanges": [{"text": text + "\n# edit %d\n" % i}]}})
        server.wait_for("textDocument/publishDiagnostics", i + 2)
        samples.append((server.received[-1][0] - start) * 1000)
    server.send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    server.wait_for(2, 1)
    server.send({"jsonrpc": "2.0", "method": "exit"})
    server.finish()
    samples.sort()
    pick = lambda q: samples[min(len(samples) - 1, int(q * len(samples)))]
    print("samples: %d, p50: %.1f ms, p95: %.1f ms, max: %.1f ms" % (len(samples), pick(0.5), pick(0.95), samples[-1]))


def main(argv):
    if "--" not in argv:
        sys.exit(__doc__)
    split = argv.index("--")
    args, command = argv[:split], argv[split + 1:]
    options = {}
    rest = []
    i = 0
    while i < len(args):
        if args[i] in ("--root", "--latency", "--file"):
            options[args[i]] = args[i + 1]
            i += 2
        else:
            rest.append(args[i])
            i += 1
    if "--latency" in options:
        return run_latency(int(options["--latency"]), options["--file"], command)
    if len(rest) != 1:
        sys.exit(__doc__)
    with open(rest[0], encoding="utf-8") as f:
        script = json.load(f)
    run_script(script, options.get("--root"), command)


if __name__ == "__main__":
    main(sys.argv[1:])
