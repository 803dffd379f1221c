#include "connection/connection_params.hpp"

namespace tdm {

std::string ConnectionParams::describe() const {
  std::string who = user.empty() ? std::string("(default user)") : user;
  if (!socket.empty() && (host.empty() || host == "localhost")) {
    return who + "@localhost via " + socket;
  }
  std::string where = host.empty() ? std::string("localhost") : host;
  if (port != 0) where += ":" + std::to_string(port);
  return who + "@" + where;
}

ConnectionParams ConnectionParams::with_database(std::string name) const {
  ConnectionParams copy = *this;
  copy.database = std::move(name);
  return copy;
}

}  // namespace tdm
