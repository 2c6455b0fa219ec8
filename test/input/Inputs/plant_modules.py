"""Plants modules that leave a marker file when imported: plant_modules.py TREE MARKER_DIR."""
import os
import sys

tree, markers = sys.argv[1], sys.argv[2]
for name in ("pybind11", "nanobind", "sysconfig", "site", "sitecustomize", "usercustomize", "encodings/__init__"):
    path = os.path.join(tree, name + ".py")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(f"open({os.path.join(markers, 'MARKER-' + name.split('/')[0])!r}, 'w').write('ran')\n")
