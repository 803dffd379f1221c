#include "connection/database_url.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <set>

#include "core/display.hpp"
#include "core/error.hpp"
#include "core/identifier.hpp"

namespace tdm {

namespace {

constexpr const char* kUrlForms =
    "write mysql://user@host:3306/database or mysql://user@localhost/database?socket=/path";
constexpr const char* kPasswordFix =
    "leave the password out of the URL and put it in MYSQL_PWD or the [client] group of "
    "~/.my.cnf";
constexpr const char* kKnownParameters =
    "socket, ssl-ca, ssl-cert, ssl-key, ssl-verify-server-cert";

// What the messages say about the URL: only its redacted form, and no part of its authority
// (a port that does not parse may be half a password).
class UrlParser {
 public:
  UrlParser(std::string_view url, std::string_view origin) : url_(url), origin_(origin) {}

  [[noreturn]] void reject(const std::string& why, const std::string& fix = kUrlForms) const {
    std::string where = origin_.empty() ? std::string() : " (" + std::string(origin_) + ")";
    throw Error(ExitCode::kInvalidInput,
                "invalid database URL '" + redact_url(url_) + "'" + where + ": " + why, fix);
  }

  std::string decode(std::string_view text) const {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] != '%') {
        out += text[i];
        continue;
      }
      if (i + 2 >= text.size()) reject("a truncated %-escape");
      int high = hex_value(text[i + 1]);
      int low = hex_value(text[i + 2]);
      if (high < 0 || low < 0) reject("a %-escape that is not two hex digits");
      out += static_cast<char>(high * 16 + low);
      i += 2;
    }
    return out;
  }

  ConnectionParams parse() {
    auto scheme_end = url_.find("://");
    if (scheme_end == std::string_view::npos) reject("no scheme");
    std::string scheme(url_.substr(0, scheme_end));
    std::transform(scheme.begin(), scheme.end(), scheme.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (scheme != "mysql" && scheme != "mariadb")
      reject("the scheme must be mysql:// or mariadb://");
    std::string_view rest = url_.substr(scheme_end + 3);
    if (rest.find('#') != std::string_view::npos) {
      reject("a '#' (write it as %23 inside a name or path)");
    }
    auto question = rest.find('?');
    std::string_view query =
        question == std::string_view::npos ? std::string_view() : rest.substr(question + 1);
    rest = rest.substr(0, question);
    auto slash = rest.find('/');
    std::string_view authority = rest.substr(0, slash);
    std::string_view path =
        slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);

    parse_authority(authority, path);
    params_.database = decode(path);
    if (params_.database.find('/') != std::string::npos) reject("the database name contains '/'");
    if (!params_.database.empty())
      validate_database_name(params_.database,
                             origin_.empty() ? "in the URL" : "in " + std::string(origin_));
    parse_query(query);
    return params_;
  }

 private:
  static int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }

  void parse_authority(std::string_view authority, std::string_view path) {
    auto at = authority.rfind('@');
    if (at != std::string_view::npos) {
      std::string_view user = authority.substr(0, at);
      if (user.find(':') != std::string_view::npos) {
        reject("it contains a password", kPasswordFix);
      }
      params_.user = decode(user);
      if (params_.user.empty())
        reject("an empty user name before '@' (name one or leave out 'user@')");
      authority = authority.substr(at + 1);
    }
    if (path.find('@') != std::string_view::npos) {
      reject(
          "an '@' after the host: a password does not belong in the URL, and an '@' in a "
          "database name is written %40",
          kPasswordFix);
    }
    if (authority.empty()) reject("no host (write localhost for the local server)");
    std::string_view port_text;
    bool has_port = false;
    if (authority.front() == '[') {
      auto close = authority.find(']');
      if (close == std::string_view::npos) reject("an unclosed '[' in the host");
      std::string_view address = authority.substr(1, close - 1);
      bool ipv6 = !address.empty() && address.find(':') != std::string_view::npos &&
                  std::all_of(address.begin(), address.end(), [](unsigned char c) {
                    return std::isxdigit(c) || c == ':' || c == '.';
                  });
      if (!ipv6) reject("the host in brackets is not an IPv6 address");
      params_.host = std::string(address);
      std::string_view after = authority.substr(close + 1);
      if (!after.empty()) {
        if (after.front() != ':') reject("text after the ']' of the host that is not ':port'");
        port_text = after.substr(1);
        has_port = true;
      }
    } else {
      if (authority.find_first_of("[]") != std::string_view::npos) {
        reject("a '[' or ']' outside an IPv6 address (write it as [::1])");
      }
      auto colon = authority.find(':');
      if (colon != std::string_view::npos) {
        if (authority.find(':', colon + 1) != std::string_view::npos) {
          reject("more than one ':' in the host (write an IPv6 address as [::1]:3306)");
        }
        port_text = authority.substr(colon + 1);
        has_port = true;
        authority = authority.substr(0, colon);
      }
      params_.host = decode(authority);
      if (params_.host.empty()) reject("no host (write localhost for the local server)");
      bool name = std::all_of(params_.host.begin(), params_.host.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '-' || c == '.' || c == '_';
      });
      if (!name) reject("the host is not a host name or address");
    }
    if (has_port) {
      unsigned port = 0;
      auto [end, error] =
          std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
      if (port_text.empty() || error != std::errc() || end != port_text.data() + port_text.size() ||
          port == 0 || port > 65535) {
        reject("the port is not a number from 1 to 65535");
      }
      params_.port = port;
    }
  }

  void parse_query(std::string_view query) {
    if (query.empty()) return;
    std::set<std::string> seen;
    while (true) {
      auto amp = query.find('&');
      std::string_view pair = query.substr(0, amp);
      if (pair.empty()) reject("an empty query parameter (a stray '&' or '?')");
      auto equals = pair.find('=');
      std::string key = decode(pair.substr(0, equals));
      std::string shown = "'" + key + "'";
      std::string lowered = key;
      std::transform(lowered.begin(), lowered.end(), lowered.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (lowered.find("pass") != std::string::npos || lowered == "pwd") {
        reject("it contains a password", kPasswordFix);
      }
      bool known = key == "socket" || key == "ssl-ca" || key == "ssl-cert" || key == "ssl-key" ||
                   key == "ssl-verify-server-cert";
      if (!known) {
        // A key is named only when it looks like one: it might be a pasted secret.
        bool plain = std::all_of(key.begin(), key.end(), [](unsigned char c) {
          return std::isalnum(c) || c == '-' || c == '_' || c == '.';
        });
        reject("unknown query parameter" + (plain ? " " + shown : std::string()),
               std::string("use only ") + kKnownParameters);
      }
      if (!seen.insert(key).second) reject("query parameter " + shown + " given twice");
      if (equals == std::string_view::npos) {
        reject("query parameter " + shown + " has no value (write " + key + "=...)");
      }
      std::string value = decode(pair.substr(equals + 1));
      if (value.empty())
        reject("query parameter " + shown + " is empty (give a value or leave it out)");
      apply(key, value);
      if (amp == std::string_view::npos) break;
      query = query.substr(amp + 1);
    }
    if (!params_.ssl_cert.empty() != !params_.ssl_key.empty()) {
      reject("ssl-cert and ssl-key go together", "give both, or neither");
    }
    if (params_.ssl_verify_server_cert && params_.ssl_ca.empty()) {
      reject("ssl-verify-server-cert=1 without ssl-ca",
             "add ssl-ca=/path/to/ca.pem, the CA that signed the server's certificate");
    }
  }

  void apply(const std::string& key, const std::string& value) {
    if (key == "socket") {
      params_.socket = value;
    } else if (key == "ssl-ca") {
      params_.ssl_ca = value;
    } else if (key == "ssl-cert") {
      params_.ssl_cert = value;
    } else if (key == "ssl-key") {
      params_.ssl_key = value;
    } else if (value == "1" || value == "true") {
      params_.ssl_verify_server_cert = true;
    } else if (value == "0" || value == "false") {
      params_.ssl_verify_server_cert = false;
    } else {
      reject("ssl-verify-server-cert is not 0 or 1");
    }
  }

  std::string_view url_;
  std::string_view origin_;
  ConnectionParams params_;
};

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

}  // namespace

ConnectionParams parse_database_url(std::string_view url, std::string_view origin) {
  return UrlParser(url, origin).parse();
}

std::string format_database_url(const ConnectionParams& params) {
  std::string url = "mysql://";
  if (!params.user.empty()) url += percent_encode_path(params.user) + "@";
  std::string host = params.host.empty() ? std::string("localhost") : params.host;
  url += host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (params.port != 0) url += ":" + std::to_string(params.port);
  url += "/" + percent_encode_path(params.database);
  if (!params.socket.empty()) url += "?socket=" + percent_encode_path(params.socket);
  return url;
}

}  // namespace tdm
