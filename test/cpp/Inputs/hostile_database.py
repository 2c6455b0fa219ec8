"""Writes a compile_commands.json whose flags try to write into VICTIM, load code from it and
read flags from it: hostile_database.py PROJ FILE VICTIM [FLAGS...]."""
import json
import os
import sys

proj, source, victim, flags = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
v = lambda name: os.path.join(victim, name)
with open(v("flags.rsp"), "w") as f:
    f.write("-Xclang -dependency-file -Xclang " + v("from_rsp.d") + "\n")
arguments = ["c++", "-DBW_FLAGS_OK", *flags, "-c", source, "-o", v("out.o"),
             "-MD", "-MF", v("deps.d"), "-Wp,-MD," + v("wp.d") + ",-D_FORTIFY_SOURCE=2",
             "-Xclang", "-dependency-file", "-Xclang", v("keep.txt"), "-Xclang", "-MT", "-Xclang", "pwned",
             "--serialize-diagnostics", v("keep.txt"),
             "-Xclang", "-header-include-file", "-Xclang", v("headers.txt"),
             "-fmodules", "-fmodules-cache-path=" + v("modules"), "-ftime-trace", "-ftime-trace-granularity=0",
             "-fplugin=" + v("plugin.so"), "-Xclang", "-load", "-Xclang", v("plugin.so"),
             "-MJ", v("mj.json"), "@" + v("flags.rsp"), "-ivfsoverlay", v("overlay.yaml"),
             "--config", v("clang.cfg"), "-mllvm", "-info-output-file=" + v("stats"), "-save-temps=obj"]
with open(os.path.join(proj, "compile_commands.json"), "w") as f:
    json.dump([{"directory": proj, "file": source, "arguments": arguments}], f)
