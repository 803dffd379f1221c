#pragma once

#include <errmsg.h>
#include <stdlib.h>
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

namespace tdm::testing {

// A MariaDB server as Debian's package sets one up: no binary log, so SHOW BINARY LOGS is
// refused (ER_NO_BINARY_LOGGING). For tests of what tdm does on such an external server; tdm's
// own embedded server always logs. A fresh datadir (mariadb-install-db, ~1 s), started on a
// socket of its own; stopped (SIGTERM) and removed with the object.
class ServerWithoutBinaryLog {
 public:
  ServerWithoutBinaryLog() {
    std::string data = dir_ + "/data";
    std::vector<std::string> as_root;
    if (::geteuid() == 0) as_root.push_back("--user=root");
    ProcessSpec install;
    install.argv = {"mariadb-install-db", "--no-defaults", "--datadir=" + data,
                    "--auth-root-authentication-method=normal", "--skip-test-db"};
    install.argv.insert(install.argv.end(), as_root.begin(), as_root.end());
    install.stdout_path = install.stderr_path = dir_ + "/install.log";
    if (run_to_completion(install) != 0) {
      throw std::runtime_error("mariadb-install-db failed: see " + install.stdout_path);
    }
    ProcessSpec server;
    server.argv = {"mariadbd",
                   "--no-defaults",
                   "--datadir=" + data,
                   "--socket=" + socket(),
                   "--skip-networking",
                   "--skip-log-bin",
                   "--log-error=" + dir_ + "/server.log"};
    server.argv.insert(server.argv.end(), as_root.begin(), as_root.end());
    server_.emplace(server);
    params_.host = "localhost";
    params_.socket = socket();
    params_.user = "root";
    params_.read_option_files = false;
    wait_until_ready();
  }
  ~ServerWithoutBinaryLog() {
    if (server_) server_->end();
    std::filesystem::remove_all(dir_);
  }
  ServerWithoutBinaryLog(const ServerWithoutBinaryLog&) = delete;
  ServerWithoutBinaryLog& operator=(const ServerWithoutBinaryLog&) = delete;

  const ConnectionParams& params() const { return params_; }

 private:
  std::string socket() const { return dir_ + "/mysqld.sock"; }

  void wait_until_ready() {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!Connection::try_open(params_,
                                 {CR_CONNECTION_ERROR, CR_SERVER_LOST, CR_SERVER_GONE_ERROR})) {
      if (server_->poll() || std::chrono::steady_clock::now() > deadline) {
        throw std::runtime_error("mariadbd did not start: see " + dir_ + "/server.log");
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  static std::string make_directory() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "tdm-no-binlog-server-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
    return pattern;
  }

  std::string dir_ = make_directory();
  std::optional<ChildProcess> server_;
  ConnectionParams params_;
};

}  // namespace tdm::testing
