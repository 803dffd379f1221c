#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace tdm {

struct HttpAnswer {
  int status = 0;
  std::string body;
};

// One `GET <path>` over HTTP/1.0 to 127.0.0.1:<port>, as a health check asks a server that
// runs on this machine. None when nothing listens there (the connection is refused) or no
// complete answer comes within `timeout`: a server still starting looks like that.
std::optional<HttpAnswer> http_get_local(unsigned port, const std::string& path,
                                         std::chrono::milliseconds timeout);

// True when something accepts TCP connections on 127.0.0.1:<port>.
bool local_port_accepts(unsigned port, std::chrono::milliseconds timeout);

}  // namespace tdm
