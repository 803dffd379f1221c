#include "daemon/daemon.hpp"

#include <signal.h>
#include <sys/wait.h>

#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include "core/error.hpp"
#include "core/files.hpp"

namespace tdm {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct PidRecord {
  pid_t pid = -1;
  std::string start_time;
};

// Field 22 of /proc/<pid>/stat, counted after the command name (which may hold spaces and
// parentheses, so it is skipped up to the last ')'). Empty when the process is gone or a
// zombie: one that exited counts as gone even while nobody has reaped it yet.
std::string start_time_of(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::size_t name_end = stat.rfind(')');
  if (name_end == std::string::npos) return "";
  std::istringstream fields(stat.substr(name_end + 1));
  std::string field;
  std::string state;
  fields >> state;  // field 3
  if (state == "Z" || state == "X") return "";
  for (int number = 4; number <= 22 && fields >> field; ++number) {
  }
  return field;
}

std::optional<PidRecord> read_record(const fs::path& pid_file) {
  std::ifstream in(pid_file);
  PidRecord record;
  long pid = 0;
  if (!(in >> pid >> record.start_time) || pid <= 0) return std::nullopt;
  record.pid = static_cast<pid_t>(pid);
  return record;
}

bool still_the_same(const PidRecord& record) {
  return start_time_of(record.pid) == record.start_time;
}

// Waits until the process is gone (reaping it when it is our child, as in tests).
bool gone_within(const PidRecord& record, std::chrono::milliseconds limit) {
  const auto deadline = Clock::now() + limit;
  for (;;) {
    ::waitpid(record.pid, nullptr, WNOHANG);
    if (!still_the_same(record)) return true;
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace

pid_t start_daemon(ProcessSpec spec, const fs::path& pid_file) {
  spec.new_session = true;
  fs::create_directories(pid_file.parent_path());
  ChildProcess child(spec);
  std::string start_time = start_time_of(child.pid());
  if (start_time.empty()) {
    // It exited at once: let the caller find out why from its log.
    child.wait();
    throw Error(ExitCode::kInvalidInput, "'" + spec.argv.front() + "' exited as soon as it started",
                "see " + (spec.stderr_path.empty() ? std::string("its output") : spec.stderr_path));
  }
  atomic_write_file(pid_file, std::to_string(child.pid()) + " " + start_time + "\n");
  return child.release();
}

std::optional<pid_t> running_daemon(const fs::path& pid_file) {
  auto record = read_record(pid_file);
  if (!record || !still_the_same(*record)) return std::nullopt;
  return record->pid;
}

bool stop_daemon(const fs::path& pid_file, std::chrono::milliseconds grace) {
  auto record = read_record(pid_file);
  bool ran = record && still_the_same(*record);
  if (ran) {
    // A daemon leads its own process group: end what it started too (Chromium's children).
    ::kill(-record->pid, SIGTERM);
    if (!gone_within(*record, grace)) {
      ::kill(-record->pid, SIGKILL);
      gone_within(*record, std::chrono::seconds(5));
    }
  }
  std::error_code ignored;
  fs::remove(pid_file, ignored);
  return ran;
}

std::size_t stop_daemons_below(const fs::path& dir) {
  std::size_t stopped = 0;
  std::error_code error;
  if (!fs::is_directory(dir, error)) return 0;
  std::vector<fs::path> pid_files;
  for (const auto& entry : fs::recursive_directory_iterator(dir, error)) {
    if (entry.path().extension() == ".pid") pid_files.push_back(entry.path());
  }
  for (const auto& pid_file : pid_files) stopped += stop_daemon(pid_file) ? 1 : 0;
  return stopped;
}

}  // namespace tdm
