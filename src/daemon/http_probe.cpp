#include "daemon/http_probe.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace tdm {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kMaxAnswer = 64 * 1024;  // a health answer is a line, not a page

class Socket {
 public:
  Socket() : fd_(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) {}
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

int remaining_ms(Clock::time_point deadline) {
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() > 0 ? static_cast<int>(left.count()) : 0;
}

bool wait_for(int fd, short events, Clock::time_point deadline) {
  pollfd watch{fd, events, 0};
  int ready = 0;
  do {
    ready = ::poll(&watch, 1, remaining_ms(deadline));
  } while (ready < 0 && errno == EINTR);
  return ready > 0;
}

bool connect_local(const Socket& socket, unsigned port, Clock::time_point deadline) {
  if (socket.fd() < 0) return false;
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(socket.fd(), reinterpret_cast<const sockaddr*>(&address), sizeof address) == 0) {
    return true;
  }
  if (errno != EINPROGRESS || !wait_for(socket.fd(), POLLOUT, deadline)) return false;
  int error = 0;
  socklen_t length = sizeof error;
  ::getsockopt(socket.fd(), SOL_SOCKET, SO_ERROR, &error, &length);
  return error == 0;
}

bool send_all(const Socket& socket, const std::string& request, Clock::time_point deadline) {
  std::size_t sent = 0;
  while (sent < request.size()) {
    ssize_t n = ::send(socket.fd(), request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      if (!wait_for(socket.fd(), POLLOUT, deadline)) return false;
    } else {
      return false;
    }
  }
  return true;
}

// Everything the server sends until it closes the connection (HTTP/1.0).
std::optional<std::string> receive_all(const Socket& socket, Clock::time_point deadline) {
  std::string answer;
  char buffer[4096];
  for (;;) {
    ssize_t n = ::recv(socket.fd(), buffer, sizeof buffer, 0);
    if (n > 0) {
      answer.append(buffer, static_cast<std::size_t>(n));
      if (answer.size() > kMaxAnswer) return answer;
    } else if (n == 0) {
      return answer;
    } else if (errno == EAGAIN || errno == EINTR) {
      if (!wait_for(socket.fd(), POLLIN, deadline)) return std::nullopt;
    } else {
      return std::nullopt;
    }
  }
}

std::optional<HttpAnswer> parse_answer(const std::string& text) {
  // "HTTP/1.1 200 OK\r\n...headers...\r\n\r\nbody"
  if (text.rfind("HTTP/", 0) != 0) return std::nullopt;
  std::size_t space = text.find(' ');
  std::size_t headers_end = text.find("\r\n\r\n");
  if (space == std::string::npos || headers_end == std::string::npos) return std::nullopt;
  HttpAnswer answer;
  try {
    answer.status = std::stoi(text.substr(space + 1, 3));
  } catch (const std::exception&) {  // std::invalid_argument, std::out_of_range
    return std::nullopt;
  }
  answer.body = text.substr(headers_end + 4);
  return answer;
}

}  // namespace

std::optional<HttpAnswer> http_get_local(unsigned port, const std::string& path,
                                         std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  Socket socket;
  if (!connect_local(socket, port, deadline)) return std::nullopt;
  std::string request = "GET " + path + " HTTP/1.0\r\nHost: 127.0.0.1:" + std::to_string(port) +
                        "\r\nConnection: close\r\n\r\n";
  if (!send_all(socket, request, deadline)) return std::nullopt;
  auto text = receive_all(socket, deadline);
  if (!text) return std::nullopt;
  return parse_answer(*text);
}

bool local_port_accepts(unsigned port, std::chrono::milliseconds timeout) {
  Socket socket;
  return connect_local(socket, port, Clock::now() + timeout);
}

}  // namespace tdm
