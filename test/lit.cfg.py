# lit configuration for boundwise's command-line tests.
import os
import lit.formats

site = lit_config.params.get("boundwise_site_config")
if not site or not os.path.exists(site):
    lit_config.fatal("run the tests with `make test` (ctest), or pass "
                     "--param boundwise_site_config=build/test/lit.site.cfg.py")
exec(compile(open(site).read(), site, "exec"))

config.name = "boundwise"
config.test_format = lit.formats.ShTest(execute_external=True)
config.suffixes = [".py", ".test", ".cpp", ".c"]
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.boundwise_obj_root, "lit-out",
                                     lit_config.params.get("boundwise_exec_dir", "all"))

config.substitutions.append(("%boundwise", config.boundwise_bin))
config.substitutions.append(("%FileCheck", config.filecheck + " --dump-input=fail"))
config.substitutions.append(("%src_root", config.boundwise_src_root))
# The build folder: its compile_commands.json has the demo extension's real flags.
config.substitutions.append(("%build_root", os.path.dirname(config.boundwise_obj_root)))
# Tests must not depend on the developer's terminal or interpreter.
config.environment["NO_COLOR"] = "1"
for var in ("PATH", "HOME", "LANG"):
    if var in os.environ:
        config.environment[var] = os.environ[var]
# LLVM's `not` (and FileCheck) on PATH for the shell that runs RUN lines.
config.environment["PATH"] = os.path.dirname(config.filecheck) + os.pathsep + config.environment.get("PATH", "")

# C/C++ tests compile against the real Python.h of the python3 on PATH (the interpreter
# boundwise itself asks when it guesses flags) and Debian's pybind11 in /usr/include.
import subprocess
try:
    _py_include = subprocess.run(["python3", "-c", "import sysconfig; print(sysconfig.get_paths()['include'])"],
                                 capture_output=True, text=True, check=True).stdout.strip()
except (OSError, subprocess.CalledProcessError):
    lit_config.fatal("python3 on PATH is needed for the C/C++ tests (its include directory)")
config.substitutions.append(("%python_includes", "-I" + _py_include))
config.substitutions.append(("%cxxflags", "-std=c++17 -I" + _py_include))

# The Pythons the profiler's extension was built for (executor-runtime/CMakeLists.txt): feature
# `python3.N` and substitution `%python3.N` for each, so tests of 3.12+ paths (sys.monitoring,
# sub-interpreters) run wherever such a Python was found at build time.
for _entry in config.boundwise_runtime_interpreters:
    if "=" in _entry:
        _version, _interpreter = _entry.split("=", 1)
        config.available_features.add("python" + _version)
        config.substitutions.append(("%python" + _version, _interpreter))

# Debian's pytest and pytest-xdist (scripts/install-deps.sh) are installed for /usr/bin/python3.11,
# which the profiler's extension for 3.11 serves too (same SOABI): feature `pytest-xdist` and
# substitution `%pytest_python` when that Python imports both.
_pytest_python = "/usr/bin/python3.11"
if "python3.11" in config.available_features and os.access(_pytest_python, os.X_OK) and subprocess.run(
        [_pytest_python, "-c", "import pytest, xdist"], capture_output=True).returncode == 0:
    config.available_features.add("pytest-xdist")
    config.substitutions.append(("%pytest_python", _pytest_python))

# The executable's allocator (CMakeLists.txt links jemalloc where libjemalloc-dev is installed).
if getattr(config, "boundwise_jemalloc", False):
    config.available_features.add("jemalloc")

# Feature `asan`: boundwise was built with AddressSanitizer (make sanitize). Memory figures mean
# nothing there (shadow memory, the quarantine), so tests of memory growth are UNSUPPORTED.
try:
    _probe = subprocess.run([config.boundwise_bin, "--version"], capture_output=True, text=True,
                            env=dict(os.environ, ASAN_OPTIONS="help=1"), timeout=60)
    if "AddressSanitizer" in _probe.stdout + _probe.stderr:
        config.available_features.add("asan")
except (OSError, subprocess.SubprocessError):
    pass
