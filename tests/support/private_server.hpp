#pragma once

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "connection/connection_params.hpp"
#include "server/embedded_server.hpp"

namespace tdm::testing {

// An embedded server of a test's own, for tests that watch the server's files or settings
// (binary logs, undo): started in a fresh directory, stopped and removed with the object.
class PrivateServer {
 public:
  PrivateServer() {
    EmbeddedServer::start({.dir = dir_});
    params_ = EmbeddedServer::connection(dir_);
  }
  ~PrivateServer() {
    if (EmbeddedServer::status(dir_).running) EmbeddedServer::stop(dir_);
    std::filesystem::remove_all(dir_);
  }
  PrivateServer(const PrivateServer&) = delete;
  PrivateServer& operator=(const PrivateServer&) = delete;

  const std::string& dir() const { return dir_; }
  const ConnectionParams& params() const { return params_; }

 private:
  // A directory of its own (not the test's temporary_directory(), which a later call empties).
  std::string dir_ = make_directory();
  static std::string make_directory() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "tdm-private-server-XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed for " + pattern);
    return pattern;
  }
  ConnectionParams params_;
};

}  // namespace tdm::testing
