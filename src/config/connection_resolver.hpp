#pragma once

#include <optional>
#include <string>

#include "connection/connection_params.hpp"
#include "core/environment.hpp"

namespace tdm {

// What the command line said about the connection; empty fields were not given.
struct ConnectionFlags {
  std::string url = {};         // --url
  std::string server_dir = {};  // --server-dir (embedded server)
  std::string database = {};    // --database
};

// Which server a command uses, before anything is resolved or reached; the one place the
// precedence below is decided.
struct ConnectionChoice {
  enum class Kind { kUrl, kServerDir, kClientDefaults } kind = Kind::kClientDefaults;
  std::string value;   // the URL or the embedded server's directory
  std::string source;  // "flag --url", "environment TDM_SERVER_DIR", "default", ...
};
ConnectionChoice choose_connection(const ConnectionFlags& flags, const Environment& env);

// Decides where to connect, first match wins:
//   --url, --server-dir, $TDM_DATABASE_URL, $TDM_SERVER_DIR, then the standard MySQL client
//   variables (MYSQL_HOST, MYSQL_TCP_PORT, MYSQL_UNIX_PORT) and option files.
// The database is --database, else the URL's, else $TDM_DATABASE; a name tdm cannot work with
// (validate_database_name) is Error(kInvalidInput) before anything reaches the server. The
// password comes only from $MYSQL_PWD (or the option files the client library reads); never
// from a flag.
ConnectionParams resolve_connection(const ConnectionFlags& flags, const Environment& env);

}  // namespace tdm
