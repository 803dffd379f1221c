#pragma once

#include <filesystem>
#include <string>

#include "connection/connection_params.hpp"
#include "server/embedded_server.hpp"
#include "support/test_files.hpp"

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
  std::string dir_ = make_unique_directory("tdm-private-server");
  ConnectionParams params_;
};

}  // namespace tdm::testing
