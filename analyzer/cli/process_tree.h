#pragma once
// What `boundwise profile` needs to clean up however a run ends: the program's whole process
// tree, and the temporary folders of runs that were killed before they could remove their own.
#include <sys/types.h>

#include <string>
#include <vector>

namespace boundwise {

// Every live process below `root` (children, their children, ...), read from /proc; never the
// running RunWatchdog (activeWatchdogPid).
std::vector<pid_t> descendantsOf(pid_t root);

// The live children of `parent` (not the running RunWatchdog).
std::vector<pid_t> childrenOf(pid_t parent);

// Sends `sig` to `root` and to every process below it.
void signalTree(pid_t root, int sig);

// A new private folder "<temp>/<prefix>XXXXXX" that records its owner's pid, so that a later run
// can remove it if this one is killed (removeAbandonedWorkDirs). Empty, with `error`, on failure.
std::string makeWorkDir(const std::string &prefix, std::string &error);

// Removes the folders made by makeWorkDir(prefix) whose owner is no longer running.
void removeAbandonedWorkDirs(const std::string &prefix);

// Cleans up after a profiled run even when boundwise itself is killed with SIGKILL, which no
// handler sees: a second boundwise process (`boundwise __watchdog`) notes the program's process
// tree every 100 ms while the run goes on, and if boundwise ends without saying it is done, it
// kills what it noted (those processes still alive, same start time) and removes the work folder.
class RunWatchdog {
 public:
  RunWatchdog() = default;
  RunWatchdog(const RunWatchdog &) = delete;
  RunWatchdog &operator=(const RunWatchdog &) = delete;
  ~RunWatchdog() { finish(); }
  // Starts the watchdog for this process and `workDir`; false when it cannot be started (the run
  // goes on without it).
  bool start(const std::string &workDir);
  // Tells the watchdog the run ended normally: it exits without touching anything.
  void finish();
  pid_t pid() const { return pid_; }

 private:
  int pipe_ = -1;
  pid_t pid_ = 0;
};

// The pid of this process's running watchdog, 0 when none.
pid_t activeWatchdogPid();

// The watchdog's side: `boundwise __watchdog PARENT_PID WORK_DIR`, its standard input the pipe.
int runWatchdogProcess(int argc, char **argv);

}  // namespace boundwise
