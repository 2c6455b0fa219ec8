#pragma once
// A profile run: which functions and call sites are measured (the plan, from the static pass),
// what was measured, the verdicts, and the text and JSON reports. Also reads a saved profile
// back for `boundwise check --profile FILE`.
#include <ostream>
#include <string>
#include <vector>

#include "analyzer/core/pipeline.h"
#include "profiler/results.h"

namespace boundwise {

struct PlannedSlot {
  enum class Kind { Function, Site, Callee, File };  // File: set once its module has run
  Kind kind = Kind::Function;
  int slot = -1;
  int file = -1;
  int index = -1;            // function index (Function) or call index (Site)
  std::string path;          // as shown to the user
  std::string realPath;      // what the bootstrap compares co_filename with
  std::string qualname;      // Function
  std::string functionId;    // Function: its id; Site: the enclosing function's id
  std::string callee;        // Site, Callee: the resolved callee name (a dispatch site: the function handed over)
  std::string via;           // Site handing a function to an executor: the dispatcher (ThreadPoolExecutor.map)
  int line = 0;
  int column = 0;
  Detail detail = Detail::Unknown;
  bool inAsync = false;
  int probeSlot = -1;        // Site: the probe that times it (its callee's function or Callee slot)
  int fileSlot = -1;         // Site, Function: the File slot of its source file
  std::string apiCallee;     // Site with a library callee: its dotted name
  std::string skipReason;    // Site that is not measured, and why
  std::string writes;        // Site: why replaying it could act outside the process (replay_safety.h); empty = safe
  bool dispatch = false;     // Site that hands probeSlot's function to an executor: measured there
  bool awaited = false;      // Site: `await f()` of a user coroutine function; measured where the
                             // bootstrap uses sys.monitoring (Python 3.12+), which sets its state
};

struct ProfilePlan {
  std::vector<PlannedSlot> slots;
};

// Every classified function and call site of the program that a probe can time.
ProfilePlan planProfile(const CheckResult &);

struct ProfileRun {
  std::vector<std::string> command;
  int exitCode = 0;
  int signal = 0;
  bool timedOut = false;
  double timeoutSeconds = 0;
  double wallSeconds = 0;
};

// One row of a replay table: the same row a merged finding carries (finding.h).
using ScalingRow = MeasuredScaling;

struct Measured {
  PlannedSlot plan;
  profiler::SlotTotals totals;
  bool instrumented = false;
  std::string note;              // why there is no measurement
  double share = 0;              // on-CPU share
  std::string measuredWorkload;  // cpu | io | mixed
  std::string verdict;           // confirmed | refuted | unexercised
  Recommendation recommendation = Recommendation::None;
  std::vector<ScalingRow> scaling;
  bool scalingReliable = true;   // false: the machine was too busy; the table does not decide
  std::string replayNote;        // why there is no scaling table
  bool hasMeasurement() const { return instrumented; }
};

struct ProfileReport {
  ProfileRun run;
  std::vector<Measured> sites;
  std::vector<Measured> functions;
  int processes = 0;
  bool perfEvents = false;
  bool hardware = false;
  std::vector<std::string> notes;
  Target target;
};

ProfileReport buildProfileReport(const CheckResult &, const ProfilePlan &, const profiler::MergedResults &,
                                 const ProfileRun &);

// The recommendation that follows from a measurement (and the scaling table when there is one).
Recommendation measuredRecommendation(const Measured &, const Target &);

void renderProfileText(const ProfileReport &, std::ostream &);
// check's JSON with `measured` (and `scaling`) on call sites, functions and findings, plus a
// `profile` member about the run.
void renderProfileJson(const CheckResult &, const ProfileReport &, std::ostream &);

}  // namespace boundwise
