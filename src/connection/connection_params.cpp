#include "connection/connection_params.hpp"

namespace tdm {

std::string ConnectionParams::describe() const {
  std::string who = user.empty() ? std::string("(default user)") : user;
  if (!socket.empty() && (host.empty() || host == "localhost")) {
    return who + "@localhost via " + socket;
  }
  // Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict) about a false overlap inside
  // `where += ":" + std::to_string(port)`.
  std::string where = who;
  where += '@';
  where += host.empty() ? std::string("localhost") : host;
  if (port != 0) {
    where += ':';
    where += std::to_string(port);
  }
  return where;
}

ConnectionParams ConnectionParams::with_database(std::string name) const {
  ConnectionParams copy = *this;
  copy.database = std::move(name);
  return copy;
}

}  // namespace tdm
