#include "support/redis_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>

#include "support/test_server.hpp"

namespace tdm::testing {

namespace {

std::string environment_value(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

// Owns the server only when this process started it.
class RedisServerOwner {
 public:
  RedisServerOwner() {
    server_.port = std::atoi(environment_value("TDM_TEST_REDIS_PORT").c_str());
    server_.password = environment_value("TDM_TEST_REDIS_PASSWORD");
    if (server_.port != 0 && !server_.password.empty()) return;
    dir_ = "/tmp/tdm-redis-itest-" + std::to_string(::getpid());
    server_.port = unused_loopback_port();
    server_.password = "private-" + std::to_string(std::random_device{}());
    CommandResult started =
        run_command({TDM_REDIS_TEST_SERVER, "start", dir_, std::to_string(server_.port)},
                    {{"TDM_TEST_REDIS_PASSWORD", server_.password}});
    if (started.exit_code != 0) throw std::runtime_error("cannot start redis: " + started.err);
  }
  ~RedisServerOwner() {
    if (dir_.empty()) return;
    run_command({TDM_REDIS_TEST_SERVER, "stop", dir_});
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  const RedisTestServer& server() const { return server_; }

 private:
  RedisTestServer server_;
  std::string dir_;
};

}  // namespace

const RedisTestServer& redis_test_server() {
  static RedisServerOwner owner;
  return owner.server();
}

int unused_loopback_port() {
  int socket_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (socket_fd < 0 || ::bind(socket_fd, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      ::getsockname(socket_fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error("cannot find a free loopback port");
  }
  ::close(socket_fd);
  return ntohs(address.sin_port);
}

}  // namespace tdm::testing
