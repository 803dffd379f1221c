#pragma once

#include <errmsg.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "connection/connection.hpp"
#include "process/child_process.hpp"
#include "server/embedded_server.hpp"
#include "support/test_files.hpp"

namespace tdm::testing {

// A MariaDB server as Debian's package sets one up: no binary log, so SHOW BINARY LOGS is
// refused (ER_NO_BINARY_LOGGING). For tests of what tdm does on such an external server; tdm's
// own embedded server always logs. Its files lie as the embedded server's would (ServerLayout),
// so it is reached the same way; a fresh datadir (mariadb-install-db, ~1 s); stopped (SIGTERM)
// and removed with the object.
class ServerWithoutBinaryLog {
 public:
  ServerWithoutBinaryLog() {
    std::vector<std::string> as_root;
    if (::geteuid() == 0) as_root.push_back("--user=root");
    ProcessSpec install;
    install.argv = {"mariadb-install-db", "--no-defaults", "--datadir=" + layout_.data_dir.string(),
                    "--auth-root-authentication-method=normal", "--skip-test-db"};
    install.argv.insert(install.argv.end(), as_root.begin(), as_root.end());
    install.stdout_path = install.stderr_path = layout_.log_file.string();
    if (run_to_completion(install) != 0) {
      throw std::runtime_error("mariadb-install-db failed: see " + install.stdout_path);
    }
    ProcessSpec server;
    server.argv = {"mariadbd",
                   "--no-defaults",
                   "--datadir=" + layout_.data_dir.string(),
                   "--socket=" + layout_.socket.string(),
                   "--skip-networking",
                   "--skip-log-bin",
                   "--log-error=" + layout_.log_file.string()};
    server.argv.insert(server.argv.end(), as_root.begin(), as_root.end());
    server_.emplace(server);
    wait_until_ready();
  }
  ~ServerWithoutBinaryLog() {
    if (server_) server_->end();
    std::filesystem::remove_all(layout_.dir);
  }
  ServerWithoutBinaryLog(const ServerWithoutBinaryLog&) = delete;
  ServerWithoutBinaryLog& operator=(const ServerWithoutBinaryLog&) = delete;

  const ConnectionParams& params() const { return params_; }

 private:
  void wait_until_ready() {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!Connection::try_open(params_,
                                 {CR_CONNECTION_ERROR, CR_SERVER_LOST, CR_SERVER_GONE_ERROR})) {
      if (server_->poll() || std::chrono::steady_clock::now() > deadline) {
        throw std::runtime_error("mariadbd did not start: see " + layout_.log_file.string());
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  ServerLayout layout_{make_unique_directory("tdm-no-binlog-server")};
  ConnectionParams params_ = EmbeddedServer::connection(layout_.dir);
  std::optional<ChildProcess> server_;
};

}  // namespace tdm::testing
