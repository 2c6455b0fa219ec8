#pragma once
// Asking the user's python3 a question (its version, its include directories) without running
// anything from the analysed tree. `python3 -c` puts the working directory first on sys.path, so a
// planted `sysconfig.py` or `pybind11.py` in a checked-out pull request would run on the CI
// runner; PYTHONPATH, PYTHONSTARTUP and a user site-packages could bring in more. The probe runs
// `python3 -I` (isolated: none of those) from the root directory, with no standard input, and
// finds python3 only in the absolute folders of PATH (a relative PATH entry names the analysed
// tree's folders). docs/architecture.md, "What boundwise runs".
#include <optional>
#include <string>

namespace boundwise {

// The absolute path of the first `name` in an absolute folder of PATH; empty when none.
std::string findOnAbsolutePath(const std::string &name);

// Runs `python3 -I -c SCRIPT` as above and returns what it printed on stdout (at most 64 KiB);
// nullopt when python3 is missing, fails, or takes longer than `timeoutMs`.
std::optional<std::string> runPythonProbe(const std::string &script, int timeoutMs = 10000);

}  // namespace boundwise
