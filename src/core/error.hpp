#pragma once

#include <stdexcept>
#include <string>

namespace tdm {

// Process exit codes. `tdm --help` lists them; keep that text (kExitCodes in cli/cli.cpp) in
// step.
enum class ExitCode : int {
  kOk = 0,
  kUsage = 2,         // bad command line
  kInvalidInput = 3,  // bad input files, URL, metadata, configuration
  kServer = 4,        // server not running, cannot connect, wrong credentials, session lost
  kRefused = 5,       // safety rule: not a test database
  kSnapshot = 6,      // snapshot missing, corrupt, truncated, stale or foreign; unwritable
  kSeed = 7,          // seed command or SQL file failed
  kBusy = 8,          // another tdm holds the lock
  kDatabase = 9,      // SQL error while capturing, restoring or inspecting
  kRemote = 10,       // a remote store is unreachable, too slow, refuses, or holds no such data
  kInternal = 70,     // a bug in tdm
};

// The one error type of TDM. The message is a single line that names the problem and,
// where there is one, the fix ("...; fix: ..."), because it is all a user sees.
class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& problem, const std::string& fix = {});

  ExitCode code() const noexcept { return code_; }

 private:
  ExitCode code_;
};

}  // namespace tdm
