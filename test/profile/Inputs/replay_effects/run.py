"""Runs app.py bare, then under `boundwise profile --replay`, each time from the same starting
state, and prints what each run left behind: the files (name, size, sha256), the sqlite rows and
the requests a local HTTP server received. run.py WORKDIR [PROFILE-OPTIONS] -- BOUNDWISE"""
import hashlib
import http.server
import os
import shutil
import sqlite3
import subprocess
import sys
import threading

work = sys.argv[1]
os.makedirs(work, exist_ok=True)
options = sys.argv[2:sys.argv.index("--")]
boundwise = sys.argv[sys.argv.index("--") + 1:]
app = os.path.join(os.path.dirname(os.path.abspath(__file__)), "app.py")
requests = []


class Handler(http.server.BaseHTTPRequestHandler):
    def _answer(self):
        requests.append(self.command)
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    do_GET = do_POST = do_DELETE = do_PUT = _answer

    def log_message(self, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
url = f"http://127.0.0.1:{server.server_address[1]}/item"


def fresh(name):
    root = os.path.join(work, name)
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    con = sqlite3.connect(os.path.join(root, "data.db"))
    con.execute("CREATE TABLE t (v INTEGER)")
    con.commit()
    con.close()
    requests.clear()
    return root


def state(root):
    lines = []
    for name in sorted(os.listdir(root)):
        path = os.path.join(root, name)
        if name == "data.db":
            con = sqlite3.connect(path)
            lines.append("rows " + repr(con.execute("SELECT v FROM t ORDER BY rowid").fetchall()))
            con.close()
        else:
            data = open(path, "rb").read()
            lines.append(f"{name} {len(data)} {hashlib.sha256(data).hexdigest()[:16]}")
    lines.append("requests " + " ".join(sorted(requests)))
    return lines


bare = fresh("bare")
subprocess.run([sys.executable, app, bare, url], check=True)
expected = state(bare)

profiled = fresh("profiled")
report = os.path.join(work, "report.txt")
with open(report, "w") as err:
    subprocess.run(boundwise + ["profile", "--replay", "--workers", "2", *options, "--source", app, "--",
                                sys.executable, app, profiled, url], stderr=err, stdout=subprocess.DEVNULL)
got = state(profiled)
for line in expected:
    print("bare:", line)
print("same after --replay:", got == expected)
for a, b in zip(expected, got):
    if a != b:
        print("differs:", a, "->", b)
server.shutdown()
