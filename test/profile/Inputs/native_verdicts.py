"""Prints one line per function and call site of a boundwise profile JSON report:
kind, id or path:line (and callee), static workload, measured workload, verdict."""
import json
import sys

doc = json.load(open(sys.argv[1]))
for f in doc["functions"]:
    m = f["measured"]
    print("function", f["id"], f["workload"], m["measured_workload"], m["verdict"])
for c in doc["call_sites"]:
    m = c["measured"]
    print("call", "%s:%s" % (c["path"], c["line"]), c["callee"], c["workload"], m["measured_workload"], m["verdict"])
