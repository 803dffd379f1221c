#pragma once

#include <string>
#include <string_view>

#include "connection/connection_params.hpp"

namespace tdm {

// Parses `mysql://user@host:port/db` and `mysql://user@localhost/db?socket=/path` (also
// `mariadb://`; query keys: socket, ssl-ca, ssl-cert, ssl-key, ssl-verify-server-cert).
// A password in the URL is refused: it would sit in argv, CMake caches and logs.
// Throws Error(kInvalidInput) naming what is wrong.
ConnectionParams parse_database_url(std::string_view url);

// The URL of `params` for the app under test: never contains a password.
std::string format_database_url(const ConnectionParams& params);

}  // namespace tdm
