#include "server/embedded_server.hpp"

#include <errmsg.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "core/stopwatch.hpp"
#include "lock/file_lock.hpp"
#include "process/child_process.hpp"

namespace tdm {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

// sun_path holds 108 bytes; MariaDB refuses longer socket paths with a cryptic message.
constexpr std::size_t kMaxSocketPath = 107;

std::optional<pid_t> read_pid(const fs::path& pid_file) {
  std::ifstream in(pid_file);
  long pid = 0;
  if (in >> pid && pid > 0) return static_cast<pid_t>(pid);
  return std::nullopt;
}

// A PID file can outlive its server and the PID be reused: only a live mariadbd counts.
bool is_mariadbd(pid_t pid) {
  if (!process_alive(pid)) return false;
  std::ifstream cmdline("/proc/" + std::to_string(pid) + "/cmdline");
  std::string first;
  std::getline(cmdline, first, '\0');
  return first.find("mariadbd") != std::string::npos || first.find("mysqld") != std::string::npos;
}

// The log is appended to by every start: only what this run wrote counts.
std::uintmax_t log_size(const fs::path& log_file) {
  std::error_code error;
  std::uintmax_t size = fs::file_size(log_file, error);
  return error ? 0 : size;
}

// The first [ERROR] line written since `offset` (the cause; later ones are consequences such
// as "Aborting"), else the last line.
std::string log_error_since(const fs::path& log_file, std::uintmax_t offset) {
  std::ifstream in(log_file);
  in.seekg(static_cast<std::streamoff>(offset));
  std::string line, first_error, last;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    last = line;
    if (first_error.empty() && line.find("[ERROR]") != std::string::npos) first_error = line;
  }
  return first_error.empty() ? last : first_error;
}

bool running_as_root() {
  return ::geteuid() == 0;
}

// Undo logs in tablespaces of their own, which the server truncates once purged past
// --innodb-max-undo-log-size (two are the fewest that allows it): kept in the system tablespace,
// the default, they grow it to the largest undo a test's writes ever needed, and it never
// shrinks. Given to mariadb-install-db too, so the server starts on a datadir that has them.
constexpr const char* kUndoTablespaces = "--innodb-undo-tablespaces=2";

// TDM's mariadb-install-db command line. The template key is made of it with placeholders
// for the two paths, which differ between directories but leave no trace in the datadir.
// The host name, which mariadb-install-db does write (a root@<host> account), is not part
// of the key: the server runs with --skip-name-resolve, which ignores such accounts.
std::vector<std::string> install_arguments(const std::string& data_dir,
                                           const std::string& tmp_dir) {
  std::vector<std::string> args = {
      "mariadb-install-db", "--no-defaults", "--datadir=" + data_dir,
      "--auth-root-authentication-method=normal", "--skip-test-db", "--skip-name-resolve",
      kUndoTablespaces,
      // Not /tmp: parallel initialisations there lost each other's temporary tables.
      "--tmpdir=" + tmp_dir};
  if (running_as_root()) args.push_back("--user=root");
  return args;
}

void run_install_db(const ServerLayout& layout) {
  fs::remove_all(layout.data_dir);
  fs::create_directories(layout.data_dir);
  ProcessSpec spec;
  spec.argv = install_arguments(layout.data_dir.string(), layout.tmp_dir.string());
  spec.stdout_path = layout.log_file.string();
  spec.stderr_path = layout.log_file.string();
  std::uintmax_t log_start = log_size(layout.log_file);
  int code = run_to_completion(spec);
  if (code != 0) {
    throw Error(ExitCode::kServer,
                "mariadb-install-db failed (exit " + std::to_string(code) + ") for " +
                    layout.data_dir.string() + ": " + log_error_since(layout.log_file, log_start),
                "see " + layout.log_file.string() + "; is the 'mariadb-server' package installed?");
  }
}

// The first line of `mariadbd --version` of the mariadbd that start() runs (found the same
// way, on PATH). None when it cannot be run: mariadb-install-db then reports the problem.
std::optional<std::string> server_version(const fs::path& scratch_dir) {
  fs::path output = temporary_sibling(scratch_dir / "mariadbd-version");
  ProcessSpec spec;
  spec.argv = {"mariadbd", "--version"};
  spec.stdout_path = output.string();
  spec.stderr_path = "/dev/null";  // warnings must not become part of the key
  int code = -1;
  try {
    code = run_to_completion(spec);
  } catch (const Error&) {
    // Not runnable, for whatever reason: no version, and mariadb-install-db says why.
  }
  std::string line;
  std::getline(std::ifstream(output), line);
  std::error_code ignored;
  fs::remove(output, ignored);
  if (code != 0 || line.empty()) return std::nullopt;
  return line;
}

// Copies the cached template when there is one, else runs mariadb-install-db and caches
// its result. Returns whether the datadir came from the template.
bool initialise_datadir(const ServerLayout& layout, const std::optional<fs::path>& cache) {
  fs::remove_all(layout.data_dir);
  std::optional<DatadirTemplate> cached;
  if (cache) cached = EmbeddedServer::datadir_template(*cache, layout.tmp_dir);
  bool from_template = cached && cached->copy_to(layout.data_dir);
  if (!from_template) {
    run_install_db(layout);
    // Before any server ran on it: the template is the datadir exactly as initialised.
    if (cached) cached->save(layout.data_dir);
  }
  std::ofstream(layout.init_marker) << "initialised by tdm\n";
  return from_template;
}

std::vector<std::string> server_arguments(const ServerLayout& layout,
                                          const ServerStartOptions& options) {
  std::vector<std::string> args = {
      "mariadbd",
      "--no-defaults",
      "--datadir=" + layout.data_dir.string(),
      "--socket=" + layout.socket.string(),
      "--pid-file=" + layout.pid_file.string(),
      "--log-error=" + layout.log_file.string(),
      "--tmpdir=" + layout.tmp_dir.string(),
      // Throwaway test data: durability traded for speed. Without fsync every DDL statement
      // (CREATE, DISCARD/IMPORT TABLESPACE, ALTER ... AUTO_INCREMENT) is 3-4x faster here.
      "--debug-no-sync",
      // Resetting a test database between tests (engine/reset.hpp) undoes the rows a test
      // changed from the row-based binary log and finds the tables it touched through the
      // user statistics; binary logs older than an hour go when a new one starts.
      "--log-bin=binlog",
      "--binlog-format=ROW",
      "--max-binlog-size=64M",
      "--binlog-expire-logs-seconds=3600",
      "--userstat=1",
      "--innodb-flush-log-at-trx-commit=0",
      "--innodb-doublewrite=0",
      "--innodb-buffer-pool-size=256M",
      // Data files through the page cache, not O_DIRECT: what does not fit in the buffer pool is
      // read back from memory the kernel may reclaim, not from the disk. A capture of ~500 MB
      // (875 MB of tablespaces) took 3.2 s instead of 1.7 s reading it from the disk.
      "--innodb-flush-method=fsync",
      // Statistics in memory only: persistent ones are recalculated and written to
      // mysql.innodb_*_stats after every IMPORT TABLESPACE of a restore and every ALTER ...
      // AUTO_INCREMENT of a reset (2 ms of a 3 ms ALTER on a 20,000-row table here).
      "--innodb-stats-persistent=OFF",
      "--innodb-log-file-size=256M",
      kUndoTablespaces,
      "--innodb-undo-log-truncate=ON",
      "--innodb-max-undo-log-size=10M",
      "--skip-name-resolve",
      "--character-set-server=utf8mb4",
      "--collation-server=utf8mb4_general_ci",
      "--max-allowed-packet=256M",
      "--local-infile=1",
      "--event-scheduler=OFF",
      "--skip-host-cache",
  };
  if (options.tcp_port) {
    args.push_back("--port=" + std::to_string(*options.tcp_port));
    args.push_back("--bind-address=127.0.0.1");
  } else {
    args.push_back("--skip-networking");
  }
  if (running_as_root()) args.push_back("--user=root");
  return args;
}

// False while the starting server has no socket yet or drops connections; any other refusal
// (the credentials, say) will not pass by waiting, and throws at once.
bool accepts_connections(const fs::path& dir) {
  return Connection::try_open(EmbeddedServer::connection(dir),
                              {CR_CONNECTION_ERROR, CR_SERVER_LOST, CR_SERVER_GONE_ERROR})
      .succeeded();
}

void wait_until_ready(ChildProcess& server, const ServerLayout& layout,
                      std::chrono::seconds timeout, std::uintmax_t log_start) {
  const auto deadline = Clock::now() + timeout;
  while (!accepts_connections(layout.dir)) {
    if (auto code = server.poll()) {
      throw Error(ExitCode::kServer,
                  "mariadbd exited with code " + std::to_string(*code) +
                      " while starting: " + log_error_since(layout.log_file, log_start),
                  "see " + layout.log_file.string());
    }
    if (Clock::now() > deadline) {
      throw Error(ExitCode::kServer,
                  "mariadbd did not accept connections within " + std::to_string(timeout.count()) +
                      " s: " + log_error_since(layout.log_file, log_start),
                  "see " + layout.log_file.string());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

ServerLayout::ServerLayout(const fs::path& directory)
    : dir(fs::absolute(directory).lexically_normal()),
      data_dir(dir / "data"),
      socket(dir / "mysqld.sock"),
      pid_file(dir / "mysqld.pid"),
      log_file(dir / "mysqld.log"),
      tmp_dir(dir / "tmp"),
      init_marker(dir / "data" / ".tdm-initialised") {}

ServerStartReport EmbeddedServer::start(const ServerStartOptions& options) {
  ServerLayout layout(options.dir);
  if (layout.socket.string().size() > kMaxSocketPath) {
    throw Error(ExitCode::kInvalidInput,
                "socket path " + layout.socket.string() + " is longer than the " +
                    std::to_string(kMaxSocketPath) + " bytes a unix socket allows",
                "choose a shorter --dir");
  }
  ServerStatus current = status(options.dir);
  if (current.running) {
    throw Error(ExitCode::kServer,
                "an embedded server is already running on " + layout.dir.string() + " (pid " +
                    std::to_string(current.pid) + ")",
                "use it as it is, or stop it first with 'tdm server stop --dir " +
                    layout.dir.string() + "'");
  }
  fs::create_directories(layout.tmp_dir);
  fs::remove(layout.pid_file);
  fs::remove(layout.socket);

  ServerStartReport report;
  if (!fs::exists(layout.init_marker)) {
    Stopwatch init_start;
    report.from_template = initialise_datadir(layout, options.template_cache);
    report.initialised_now = true;
    report.init_seconds = init_start.seconds();
  }

  ProcessSpec spec;
  spec.argv = server_arguments(layout, options);
  spec.stdout_path = layout.log_file.string();
  spec.stderr_path = layout.log_file.string();
  spec.new_session = true;
  Stopwatch start;
  std::uintmax_t log_start = log_size(layout.log_file);
  ChildProcess server(spec);
  wait_until_ready(server, layout, options.ready_timeout, log_start);
  report.start_seconds = start.seconds();
  report.pid = server.release();
  report.connection = connection(options.dir);
  return report;
}

void EmbeddedServer::stop(const fs::path& dir, std::chrono::seconds timeout) {
  ServerLayout layout(dir);
  ServerStatus current = status(dir);
  if (!current.running) {
    throw Error(
        ExitCode::kServer,
        "no embedded server is running on " + layout.dir.string() + " (" + current.detail + ")",
        "nothing to stop; 'tdm server start --dir " + layout.dir.string() + "' starts one");
  }
  ::kill(current.pid, SIGTERM);
  const auto deadline = Clock::now() + timeout;
  // waitpid reaps the server when this process started it (tests); otherwise poll the PID.
  while (::waitpid(current.pid, nullptr, WNOHANG) == 0 || is_mariadbd(current.pid)) {
    if (Clock::now() > deadline) {
      ::kill(current.pid, SIGKILL);
      throw Error(ExitCode::kServer,
                  "mariadbd (pid " + std::to_string(current.pid) + ") did not stop within " +
                      std::to_string(timeout.count()) + " s and was killed",
                  "see " + layout.log_file.string());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  fs::remove(layout.pid_file);
}

std::optional<ServerStartReport> EmbeddedServer::start_unless_running(
    const ServerStartOptions& options, std::chrono::seconds lock_timeout) {
  FileLock starting(ServerLayout(options.dir).dir / "start.lock", lock_timeout);
  if (status(options.dir).running) return std::nullopt;
  return start(options);
}

ServerStatus EmbeddedServer::status(const fs::path& dir) {
  ServerLayout layout(dir);
  ServerStatus result;
  auto pid = read_pid(layout.pid_file);
  if (!pid) {
    result.detail = "no pid file " + layout.pid_file.string();
    return result;
  }
  if (!is_mariadbd(*pid)) {
    result.detail = "stale pid file: process " + std::to_string(*pid) + " is gone";
    return result;
  }
  result.running = true;
  result.pid = *pid;
  result.detail = "socket " + layout.socket.string();
  return result;
}

std::optional<DatadirTemplate> EmbeddedServer::datadir_template(const fs::path& cache,
                                                                const fs::path& scratch_dir) {
  auto version = server_version(scratch_dir);
  if (!version) return std::nullopt;
  return DatadirTemplate(cache, *version, install_arguments("<datadir>", "<tmpdir>"));
}

ConnectionParams EmbeddedServer::connection(const fs::path& dir) {
  ServerLayout layout(dir);
  ConnectionParams params;
  params.host = "localhost";
  params.socket = layout.socket.string();
  params.user = "root";
  params.read_option_files = false;  // the private server ignores the user's option files
  return params;
}

}  // namespace tdm
