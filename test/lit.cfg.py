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
config.suffixes = [".py", ".test"]
config.excludes = ["Inputs", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.boundwise_obj_root, "lit-out",
                                     lit_config.params.get("boundwise_exec_dir", "all"))

config.substitutions.append(("%boundwise", config.boundwise_bin))
config.substitutions.append(("%FileCheck", config.filecheck + " --dump-input=fail"))
config.substitutions.append(("%src_root", config.boundwise_src_root))
# Tests must not depend on the developer's terminal or interpreter.
config.environment["NO_COLOR"] = "1"
for var in ("PATH", "HOME", "LANG"):
    if var in os.environ:
        config.environment[var] = os.environ[var]
# LLVM's `not` (and FileCheck) on PATH for the shell that runs RUN lines.
config.environment["PATH"] = os.path.dirname(config.filecheck) + os.pathsep + config.environment.get("PATH", "")
