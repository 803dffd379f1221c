#pragma once

#include <optional>
#include <string>

namespace tdm {

// Where and as whom to connect. The password is carried here only in memory: it reaches the
// server through mysql_real_connect and child processes through MYSQL_PWD, never argv or logs.
struct ConnectionParams {
  std::string host;    // empty or "localhost" with a socket: unix socket
  unsigned port = 0;   // 0: client default
  std::string socket;  // unix socket path
  std::string user;    // empty: client default (option files, $USER)
  std::optional<std::string> password;
  std::string database;           // default schema; may be empty
  bool read_option_files = true;  // [client] group of the standard option files
  std::string ssl_ca;
  std::string ssl_cert;
  std::string ssl_key;
  bool ssl_verify_server_cert = false;

  // "user@host:port" or "user@localhost via /path/to.sock"; never includes the password.
  std::string describe() const;

  // Same server, another default database.
  ConnectionParams with_database(std::string name) const;
};

}  // namespace tdm
