#include "config/database_url.hpp"

#include <cctype>
#include <charconv>

#include "core/error.hpp"

namespace tdm {

namespace {

[[noreturn]] void reject(std::string_view url, const std::string& why) {
  throw Error(ExitCode::kInvalidInput, "invalid database URL '" + std::string(url) + "': " + why,
              "use mysql://user@host:port/database or "
              "mysql://user@localhost/database?socket=/path/to.sock");
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string percent_decode(std::string_view text, std::string_view url) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    if (i + 2 >= text.size()) reject(url, "truncated %-escape");
    int high = hex_value(text[i + 1]);
    int low = hex_value(text[i + 2]);
    if (high < 0 || low < 0) reject(url, "bad %-escape");
    out += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return out;
}

std::string percent_encode_path(std::string_view text) {
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

void apply_query(ConnectionParams& params, std::string_view query, std::string_view url) {
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    auto equals = pair.find('=');
    std::string key(pair.substr(0, equals));
    std::string value =
        equals == std::string_view::npos ? "" : percent_decode(pair.substr(equals + 1), url);
    if (key == "socket")
      params.socket = value;
    else if (key == "ssl-ca")
      params.ssl_ca = value;
    else if (key == "ssl-cert")
      params.ssl_cert = value;
    else if (key == "ssl-key")
      params.ssl_key = value;
    else if (key == "ssl-verify-server-cert")
      params.ssl_verify_server_cert = value != "0";
    else if (key == "password")
      reject(url, "a password does not belong in the URL (use MYSQL_PWD)");
    else
      reject(url, "unknown option '" + key + "'");
  }
}

}  // namespace

ConnectionParams parse_database_url(std::string_view url) {
  ConnectionParams params;
  auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) reject(url, "no scheme");
  std::string_view scheme = url.substr(0, scheme_end);
  if (scheme != "mysql" && scheme != "mariadb") {
    reject(url, "scheme must be mysql:// or mariadb://");
  }
  std::string_view rest = url.substr(scheme_end + 3);
  auto query_start = rest.find('?');
  std::string_view query =
      query_start == std::string_view::npos ? std::string_view() : rest.substr(query_start + 1);
  rest = rest.substr(0, query_start);
  auto slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  if (slash != std::string_view::npos)
    params.database = percent_decode(rest.substr(slash + 1), url);
  if (params.database.find('/') != std::string::npos) reject(url, "database name contains '/'");

  auto at = authority.rfind('@');
  if (at != std::string_view::npos) {
    std::string_view user = authority.substr(0, at);
    if (user.find(':') != std::string_view::npos) {
      reject(url, "a password does not belong in the URL (use MYSQL_PWD or an option file)");
    }
    params.user = percent_decode(user, url);
    authority = authority.substr(at + 1);
  }
  auto colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']') == std::string_view::npos) {
    std::string_view port_text = authority.substr(colon + 1);
    unsigned port = 0;
    auto [end, error] =
        std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (error != std::errc() || end != port_text.data() + port_text.size() || port == 0 ||
        port > 65535) {
      reject(url, "port '" + std::string(port_text) + "' is not a number from 1 to 65535");
    }
    params.port = port;
    authority = authority.substr(0, colon);
  }
  params.host = percent_decode(authority, url);
  apply_query(params, query, url);
  if (params.host.empty()) params.host = "localhost";
  return params;
}

std::string format_database_url(const ConnectionParams& params) {
  std::string url = "mysql://";
  if (!params.user.empty()) url += percent_encode_path(params.user) + "@";
  url += params.host.empty() ? std::string("localhost") : params.host;
  if (params.port != 0) url += ":" + std::to_string(params.port);
  url += "/" + percent_encode_path(params.database);
  if (!params.socket.empty()) url += "?socket=" + percent_encode_path(params.socket);
  return url;
}

}  // namespace tdm
