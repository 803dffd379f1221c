#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "connection/connection_params.hpp"
#include "server/datadir_template.hpp"

namespace tdm {

// Files of one private server, all under one directory the user chose (normally in the
// build tree): nothing of the system's MariaDB (config, datadir, socket) is used.
struct ServerLayout {
  explicit ServerLayout(const std::filesystem::path& dir);

  std::filesystem::path dir;
  std::filesystem::path data_dir;
  std::filesystem::path socket;
  std::filesystem::path pid_file;
  std::filesystem::path log_file;
  std::filesystem::path tmp_dir;
  std::filesystem::path init_marker;  // written last by a successful initialisation
};

struct ServerStartOptions {
  std::filesystem::path dir = {};
  std::optional<unsigned> tcp_port = {};  // no TCP unless asked (127.0.0.1 only)
  std::chrono::seconds ready_timeout{60};
  // Cache of initialised datadirs (datadir_template_cache()): a fresh directory's datadir is
  // copied from there when a template for this server exists, and cached after
  // mariadb-install-db when not. None: mariadb-install-db every time, nothing cached.
  std::optional<std::filesystem::path> template_cache = {};
};

struct ServerStartReport {
  pid_t pid = -1;
  bool initialised_now = false;  // false: an existing datadir was reused
  bool from_template = false;    // initialised by copying the cached template
  double init_seconds = 0;       // the copy or mariadb-install-db (and caching its result)
  double start_seconds = 0;      // from spawn to accepting connections
  ConnectionParams connection;
};

struct ServerStatus {
  bool running = false;
  pid_t pid = -1;
  std::string detail;  // why not running, or how to connect
};

// The embedded MariaDB: a `mariadbd` from the system's packages run on a private datadir and
// unix socket with settings for throwaway test data (relaxed flushing; a row-based binary
// log, from which resets undo what tests wrote).
class EmbeddedServer {
 public:
  // Starts the server and waits until it accepts connections. Throws Error(kServer) when one is
  // already running on this directory or the server fails to come up (with its log's last line).
  static ServerStartReport start(const ServerStartOptions& options);
  // Starts the server unless it runs: of callers that all find it down (parallel build steps),
  // one starts it and the others wait for that, up to `lock_timeout` (then Error(kBusy)).
  // The report when this call started it; none when it was running.
  static std::optional<ServerStartReport> start_unless_running(const ServerStartOptions& options,
                                                               std::chrono::seconds lock_timeout);
  // Stops the server by PID and waits for it to exit. Throws Error(kServer) when none runs.
  static void stop(const std::filesystem::path& dir,
                   std::chrono::seconds timeout = std::chrono::seconds(60));
  static ServerStatus status(const std::filesystem::path& dir);
  // How to reach the server on `dir` (root over the unix socket, no password).
  static ConnectionParams connection(const std::filesystem::path& dir);
  // The template in `cache` that a fresh datadir of this server would be initialised from:
  // keyed by `mariadbd --version` (run with its output in `scratch_dir`) and the
  // mariadb-install-db arguments. None when mariadbd cannot be run.
  static std::optional<DatadirTemplate> datadir_template(const std::filesystem::path& cache,
                                                         const std::filesystem::path& scratch_dir);
};

}  // namespace tdm
