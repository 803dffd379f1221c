#pragma once

#include <string>
#include <string_view>

#include "connection/connection_params.hpp"

namespace tdm {

// Parses `mysql://user@host:port/db` and `mysql://user@localhost/db?socket=/path` (also
// `mariadb://`, and `[::1]` for an IPv6 host; query keys: socket, ssl-ca, ssl-cert, ssl-key,
// ssl-verify-server-cert). Strict: a host is required, and an empty user, port or parameter,
// an unknown or repeated parameter, an unclosed '[' are all errors, not defaults.
// A password in the URL is refused: it would sit in argv, CMake caches and logs.
// Throws Error(kInvalidInput) naming what is wrong and `origin` (e.g. "--url"); the message
// shows the URL only redacted (core/display.hpp).
ConnectionParams parse_database_url(std::string_view url, std::string_view origin = {});

// The URL of `params` for the app under test: never contains a password.
std::string format_database_url(const ConnectionParams& params);

}  // namespace tdm
