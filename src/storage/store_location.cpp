#include "storage/store_location.hpp"

#include <charconv>
#include <sstream>

#include "core/error.hpp"
#include "policy/settings.hpp"

namespace tdm::storage {

namespace {

constexpr std::string_view kReadOnly = "|read-only";

[[noreturn]] void refuse(const std::string& url, const std::string& problem,
                         const std::string& fix) {
  throw Error(ExitCode::kInvalidInput, "remote store URL '" + redacted_url(url) + "' " + problem,
              fix);
}

int parse_port(const std::string& url, const std::string& text) {
  int port = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), port);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || port < 1 ||
      port > 65535) {
    refuse(url, "has no valid port", "write host:port with a port from 1 to 65535");
  }
  return port;
}

// `host[:port]` of an http or redis URL.
void parse_authority(const std::string& url, const std::string& authority,
                     StoreLocation& location) {
  if (authority.empty())
    refuse(url, "names no host", "write " + location.scheme + "://host[:port]");
  if (authority.front() == '[') {  // [ipv6]:port
    auto close = authority.find(']');
    if (close == std::string::npos)
      refuse(url, "has an unclosed [ in its host", "write [::1]:port");
    location.host = authority.substr(1, close - 1);
    if (close + 1 < authority.size()) {
      if (authority[close + 1] != ':') refuse(url, "has text after its host", "write [::1]:port");
      location.port = parse_port(url, authority.substr(close + 2));
    }
    return;
  }
  auto colon = authority.find(':');
  location.host = authority.substr(0, colon);
  if (colon != std::string::npos) location.port = parse_port(url, authority.substr(colon + 1));
}

std::string trimmed_prefix(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path == "/" ? "" : path;
}

}  // namespace

std::string redacted_url(const std::string& url) {
  std::string shown = url;
  auto scheme_end = shown.find("://");
  std::size_t authority_start = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  auto authority_end = shown.find_first_of("/?#", authority_start);
  auto at = shown.rfind('@', authority_end == std::string::npos ? shown.size() : authority_end);
  if (at != std::string::npos && at >= authority_start) {
    shown.replace(authority_start, at - authority_start, "***");
  }
  auto query = shown.find('?');
  if (query != std::string::npos) {
    std::string redacted = shown.substr(0, query + 1);
    std::string rest = shown.substr(query + 1);
    std::istringstream parts(rest);
    std::string part;
    bool first = true;
    while (std::getline(parts, part, '&')) {
      if (!first) redacted += '&';
      first = false;
      auto equals = part.find('=');
      redacted += equals == std::string::npos ? part : part.substr(0, equals + 1) + "***";
    }
    shown = redacted;
  }
  return shown;
}

StoreLocation parse_store_location(const std::string& written) {
  StoreLocation location;
  std::string url = written;
  if (url.size() > kReadOnly.size() &&
      url.compare(url.size() - kReadOnly.size(), kReadOnly.size(), kReadOnly) == 0) {
    location.read_only = true;
    url.resize(url.size() - kReadOnly.size());
  } else if (url.find('|') != std::string::npos) {
    refuse(url, "has an unknown attribute after '|'", "the one attribute is |read-only");
  }
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) {
    refuse(url, "has no scheme",
           "write file:///dir, http(s)://host[:port]/prefix or redis://host[:port]");
  }
  location.scheme = url.substr(0, scheme_end);
  std::string rest = url.substr(scheme_end + 3);
  auto path_start = rest.find('/');
  std::string authority = rest.substr(0, path_start);
  std::string path = path_start == std::string::npos ? "" : rest.substr(path_start);
  if (authority.find('@') != std::string::npos) {
    refuse(url, "carries a user or password",
           "remove them from the URL; give a token in TDM_REMOTE_TOKEN (or ~/.netrc) and a Redis "
           "password in TDM_REDIS_PASSWORD");
  }
  if (path.find('?') != std::string::npos || path.find('#') != std::string::npos) {
    refuse(url, "has a query or fragment",
           "remove it; give a token in TDM_REMOTE_TOKEN (or ~/.netrc) and a Redis password in "
           "TDM_REDIS_PASSWORD");
  }
  if (location.scheme == "file") {
    if (!authority.empty() && authority != "localhost") {
      refuse(url, "names a host", "a file:// store is a local or mounted directory: file:///dir");
    }
    if (path.empty()) refuse(url, "names no directory", "write file:///absolute/dir");
    location.path = trimmed_prefix(path);
    if (location.path.empty())
      refuse(url, "names the root directory", "name a directory of its own");
  } else if (location.scheme == "http" || location.scheme == "https" ||
             location.scheme == "redis") {
    parse_authority(url, authority, location);
    location.path = trimmed_prefix(path);
  } else if (location.scheme == "rediss") {
    refuse(url, "is a Redis store over TLS, which this tdm cannot reach (hiredis 0.14 has no TLS)",
           "reach the server through a TLS tunnel (stunnel, spiped) as redis://host:port");
  } else if (location.scheme == "s3") {
    refuse(url, "is an S3 store, which this tdm does not support",
           "put an HTTP gateway in front of the bucket (http(s)://host/prefix) or use file://, "
           "http(s):// or redis://");
  } else {
    refuse(url, "has an unknown scheme '" + location.scheme + "'",
           "write file:///dir, http(s)://host[:port]/prefix or redis://host[:port]");
  }
  location.shown = url;
  return location;
}

std::vector<StoreLocation> parse_store_locations(const std::string& urls) {
  std::vector<StoreLocation> locations;
  std::istringstream words(urls);
  std::string url;
  while (words >> url) locations.push_back(parse_store_location(url));
  return locations;
}

namespace {

std::chrono::seconds duration_setting(const Environment& env, const char* name,
                                      std::chrono::seconds fallback) {
  auto text = env.get(name);
  if (!text) return fallback;
  try {
    return parse_duration(*text);
  } catch (const Error&) {
    throw Error(ExitCode::kInvalidInput, std::string(name) + "='" + *text + "' is not a duration",
                "write a number of seconds or one with a unit s, m, h, e.g. 90s or 10m");
  }
}

}  // namespace

RemoteStorageSettings remote_storage_settings(const std::string& cmake_urls,
                                              const Environment& env) {
  RemoteStorageSettings settings;
  std::string urls = cmake_urls;
  if (env.is_set("TDM_REMOTE_STORAGE")) urls = env.get("TDM_REMOTE_STORAGE").value_or("");
  settings.stores = parse_store_locations(urls);
  settings.backend.timeout = duration_setting(env, "TDM_REMOTE_TIMEOUT", kDefaultRemoteTimeout);
  if (settings.backend.timeout.count() == 0) settings.backend.timeout = kDefaultRemoteTimeout;
  settings.lease_wait = duration_setting(env, "TDM_REMOTE_LEASE_WAIT", kDefaultLeaseWait);
  settings.backend.bearer_token = env.get("TDM_REMOTE_TOKEN").value_or("");
  settings.backend.redis_password = env.get("TDM_REDIS_PASSWORD").value_or("");
  return settings;
}

}  // namespace tdm::storage
