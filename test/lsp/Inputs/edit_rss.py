#!/usr/bin/env python3
"""usage: edit_rss.py ROOT FILE.py EDITS MAX_GROWTH_MIB -- SERVER-COMMAND...

Opens ROOT/FILE.py in the server (workspace ROOT), edits it EDITS times (each edit waits for
its diagnostics), and prints whether the server's resident memory grew by less than
MAX_GROWTH_MIB between the first edit and the last."""
import json
import os
import subprocess
import sys


def rss_mib(pid):
    with open("/proc/%d/status" % pid) as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS")) // 1024


def main(argv):
    split = argv.index("--")
    root, name, edits, limit = os.path.abspath(argv[0]), argv[1], int(argv[2]), int(argv[3])
    proc = subprocess.Popen(argv[split + 1:], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)

    def send(message):
        body = json.dumps(message).encode()
        proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        proc.stdin.flush()

    def read():
        length = 0
        while True:
            line = proc.stdout.readline()
            if not line:
                sys.exit("edit_rss: the server ended")
            line = line.strip()
            if not line:
                break
            key, _, value = line.decode().partition(":")
            if key.lower() == "content-length":
                length = int(value)
        return json.loads(proc.stdout.read(length))

    uri = "file://" + root
    send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"rootUri": uri, "capabilities": {}}})
    read()
    send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
    with open(os.path.join(root, name), encoding="utf-8") as f:
        text = f.read()
    doc = uri + "/" + name
    send({"jsonrpc": "2.0", "method": "textDocument/didOpen",
          "params": {"textDocument": {"uri": doc, "languageId": "python", "version": 1, "text": text}}})
    read()
    first = None
    for i in range(edits):
        send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": doc, "version": i + 2}, "contentChanges": [{"text": text + "\n# edit %d\n" % i}]}})
        read()
        if first is None:
            first = rss_mib(proc.pid)
    growth = rss_mib(proc.pid) - first
    send({"jsonrpc": "2.0", "id": 2, "method": "shutdown"})
    read()
    send({"jsonrpc": "2.0", "method": "exit"})
    print("exit code: %d" % proc.wait(timeout=30))
    print("memory growth over %d edits %s %d MiB" % (edits, "under" if growth < limit else "OVER", limit))


if __name__ == "__main__":
    main(sys.argv[1:])
