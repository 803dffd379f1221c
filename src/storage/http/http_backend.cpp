#include "storage/http/http_backend.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

#include "core/error.hpp"
#include "storage/http/curl_library.hpp"
#include "storage/lease_record.hpp"

namespace tdm::storage {

namespace fs = std::filesystem;

namespace {

struct CurlCleanup {
  void (*cleanup)(CURL*);
  void operator()(CURL* handle) const { cleanup(handle); }
};
struct HeaderListCleanup {
  void (*free_all)(curl_slist*);
  void operator()(curl_slist* list) const { free_all(list); }
};
struct FileCloser {
  void operator()(std::FILE* file) const { std::fclose(file); }
};
using CurlHandle = std::unique_ptr<CURL, CurlCleanup>;
using HeaderList = std::unique_ptr<curl_slist, HeaderListCleanup>;
using File = std::unique_ptr<std::FILE, FileCloser>;

std::size_t append_to_string(char* data, std::size_t size, std::size_t count, void* target) {
  static_cast<std::string*>(target)->append(data, size * count);
  return size * count;
}

std::size_t write_to_file(char* data, std::size_t size, std::size_t count, void* target) {
  return std::fwrite(data, size, count, static_cast<std::FILE*>(target)) * size;
}

struct TextSource {
  const std::string& text;
  std::size_t offset;
};

std::size_t read_from_text(char* buffer, std::size_t size, std::size_t count, void* from) {
  auto* source = static_cast<TextSource*>(from);
  std::size_t n = std::min(size * count, source->text.size() - source->offset);
  source->text.copy(buffer, n, source->offset);
  source->offset += n;
  return n;
}

std::size_t discard(char*, std::size_t size, std::size_t count, void*) {
  return size * count;
}

// A key as a URL path: its characters other than unreserved ones and '/' percent-encoded.
std::string encoded_key(const std::string& key) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (unsigned char c : key) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return encoded;
}

// What one request came back with: the status, or the transfer's failure.
struct Response {
  long status = 0;
  std::string body;  // of requests that keep it
};

class HttpBackend final : public RecordedLeaseBackend {
 public:
  HttpBackend(StoreLocation location, BackendSettings settings)
      : location_(std::move(location)), settings_(std::move(settings)) {
    base_url_ = location_.scheme + "://" +
                (location_.host.find(':') != std::string::npos ? "[" + location_.host + "]"
                                                               : location_.host) +
                (location_.port ? ":" + std::to_string(location_.port) : "") + location_.path + "/";
  }

  const StoreLocation& location() const override { return location_; }

  bool get(const std::string& key, const fs::path& destination) override {
    File file(std::fopen(destination.c_str(), "wb"));
    if (!file) fail_local("cannot write " + destination.string());
    CurlHandle curl = request(key);
    lib().easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, write_to_file);
    lib().easy_setopt(curl.get(), CURLOPT_WRITEDATA, file.get());
    long status = perform(curl, "GET " + key).status;
    if (std::fflush(file.get()) != 0) fail_local("cannot write " + destination.string());
    if (status == 404) return false;
    require_success(status, "GET " + key);
    return true;
  }

  bool exists(const std::string& key) override {
    CurlHandle curl = request(key);
    lib().easy_setopt(curl.get(), CURLOPT_NOBODY, 1L);
    long status = perform(curl, "HEAD " + key).status;
    if (status == 404) return false;
    require_success(status, "HEAD " + key);
    return true;
  }

  void put(const std::string& key, const fs::path& source) override {
    File file(std::fopen(source.c_str(), "rb"));
    if (!file) fail_local("cannot read " + source.string());
    CurlHandle curl = request(key);
    lib().easy_setopt(curl.get(), CURLOPT_UPLOAD, 1L);
    lib().easy_setopt(curl.get(), CURLOPT_READDATA, file.get());  // libcurl's default: fread
    lib().easy_setopt(curl.get(), CURLOPT_INFILESIZE_LARGE,
                      static_cast<curl_off_t>(fs::file_size(source)));
    require_success(perform(curl, "PUT " + key).status, "PUT " + key);
  }

  void remove(const std::string& key) override {
    CurlHandle curl = request(key);
    lib().easy_setopt(curl.get(), CURLOPT_CUSTOMREQUEST, "DELETE");
    long status = perform(curl, "DELETE " + key).status;
    if (status != 404) require_success(status, "DELETE " + key);
  }

  std::vector<std::string> list(const std::string& prefix) override {
    auto slash = prefix.rfind('/');
    std::vector<std::string> keys;
    list_directory(slash == std::string::npos ? "" : prefix.substr(0, slash + 1), prefix, keys);
    return keys;
  }

  bool guarantees_single_owner() const override { return false; }

 private:
  // The keys under directory `dir` (nginx's JSON autoindex, one level per request) that start
  // with `prefix`, descending into the sub-directories that may hold some.
  void list_directory(const std::string& dir, const std::string& prefix,
                      std::vector<std::string>& keys) {
    Response response = fetch_text(dir);
    if (response.status == 404) return;
    require_success(response.status, "GET " + dir);
    nlohmann::json listing =
        nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
    if (!listing.is_array()) {
      throw Error(ExitCode::kRemote,
                  "remote store " + location_.shown + " does not answer a directory listing",
                  "serve it with nginx `autoindex on; autoindex_format json;`, or use it without "
                  "`tdm snapshot list --remote` and selectors in pull");
    }
    for (const auto& entry : listing) {
      if (!entry.is_object()) continue;
      std::string key = dir + entry.value("name", "");
      std::string type = entry.value("type", "");
      if (type == "file" && key.rfind(prefix, 0) == 0) keys.push_back(key);
      if (type == "directory" && (key.rfind(prefix, 0) == 0 || prefix.rfind(key, 0) == 0)) {
        list_directory(key + "/", prefix, keys);
      }
    }
  }

  CurlHandle request(const std::string& key) const {
    CurlHandle curl(lib().easy_init(), CurlCleanup{lib().easy_cleanup});
    if (!curl) fail_local("cannot start a transfer (curl_easy_init)");
    std::string url = base_url_ + encoded_key(key);
    lib().easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
    lib().easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
    lib().easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, discard);
    lib().easy_setopt(curl.get(), CURLOPT_CONNECTTIMEOUT_MS,
                      static_cast<long>(settings_.timeout.count()));
    // Slow means no progress for the whole timeout; a large payload may take longer in all.
    lib().easy_setopt(curl.get(), CURLOPT_LOW_SPEED_LIMIT, 1L);
    lib().easy_setopt(curl.get(), CURLOPT_LOW_SPEED_TIME,
                      std::max(1L, static_cast<long>(settings_.timeout.count() / 1000)));
    if (!settings_.bearer_token.empty()) {
      lib().easy_setopt(curl.get(), CURLOPT_HTTPAUTH, CURLAUTH_BEARER);
      lib().easy_setopt(curl.get(), CURLOPT_XOAUTH2_BEARER, settings_.bearer_token.c_str());
    } else {
      lib().easy_setopt(curl.get(), CURLOPT_NETRC, static_cast<long>(CURL_NETRC_OPTIONAL));
    }
    return curl;
  }

  Response perform(const CurlHandle& curl, const std::string& what) const {
    char detail[CURL_ERROR_SIZE] = {};
    lib().easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, detail);
    CURLcode code = lib().easy_perform(curl.get());
    lib().easy_setopt(curl.get(), CURLOPT_ERRORBUFFER, nullptr);
    if (code != CURLE_OK) {
      std::string problem = detail[0] ? detail : lib().easy_strerror(code);
      bool slow = code == CURLE_OPERATION_TIMEDOUT;
      throw Error(ExitCode::kRemote,
                  "remote store " + location_.shown + ": " + what + " failed: " + problem,
                  slow ? "check the server, or raise TDM_REMOTE_TIMEOUT (seconds)"
                       : "check that the server runs and the URL is right, or remove it from "
                         "TDM_REMOTE_STORAGE");
    }
    Response response;
    lib().easy_getinfo(curl.get(), CURLINFO_RESPONSE_CODE, &response.status);
    return response;
  }

  Response fetch_text(const std::string& key) const {
    CurlHandle curl = request(key);
    Response response;
    lib().easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, append_to_string);
    lib().easy_setopt(curl.get(), CURLOPT_WRITEDATA, &response.body);
    response.status = perform(curl, "GET " + key).status;
    return response;
  }

  void require_success(long status, const std::string& what) const {
    if (status >= 200 && status < 300) return;
    if (status == 401 || status == 403) {
      throw Error(ExitCode::kRemote,
                  "remote store " + location_.shown + " refused " + what + " (HTTP " +
                      std::to_string(status) + ")",
                  "set TDM_REMOTE_TOKEN to a token the server accepts, or give the host's "
                  "credentials in ~/.netrc");
    }
    throw Error(ExitCode::kRemote,
                "remote store " + location_.shown + " answered " + what + " with HTTP " +
                    std::to_string(status),
                status == 405 || status == 501
                    ? "let the server accept PUT, DELETE and MOVE (nginx: dav_methods PUT DELETE "
                      "MOVE; create_full_put_path on;)"
                : status == 413 ? "raise the server's upload limit (nginx: client_max_body_size)"
                                : "check the server's log");
  }

  [[noreturn]] void fail_local(const std::string& problem) const {
    throw Error(ExitCode::kSnapshot, "remote store " + location_.shown + ": " + problem,
                "check the snapshot directory's permissions and free space");
  }

  void put_text(const std::string& key, const std::string& content) {
    TextSource source{content, 0};
    CurlHandle curl = request(key);
    lib().easy_setopt(curl.get(), CURLOPT_UPLOAD, 1L);
    lib().easy_setopt(curl.get(), CURLOPT_READFUNCTION, read_from_text);
    lib().easy_setopt(curl.get(), CURLOPT_READDATA, &source);
    lib().easy_setopt(curl.get(), CURLOPT_INFILESIZE_LARGE,
                      static_cast<curl_off_t>(content.size()));
    require_success(perform(curl, "PUT " + key).status, "PUT " + key);
  }

  // PUT to a temporary key, then MOVE it onto `key` unless that exists (412).
  bool create_if_absent(const std::string& key, const std::string& content) override {
    std::string temporary = key + ".tmp." + lease_owner_id();
    put_text(temporary, content);
    CurlHandle curl = request(temporary);
    lib().easy_setopt(curl.get(), CURLOPT_CUSTOMREQUEST, "MOVE");
    std::string destination = "Destination: " + base_url_ + encoded_key(key);
    HeaderList headers(lib().slist_append(nullptr, destination.c_str()),
                       HeaderListCleanup{lib().slist_free_all});
    curl_slist* overwrite = lib().slist_append(headers.get(), "Overwrite: F");
    if (!headers || !overwrite) fail_local("cannot build a MOVE request");
    lib().easy_setopt(curl.get(), CURLOPT_HTTPHEADER, headers.get());
    long status = perform(curl, "MOVE " + temporary).status;
    if (status == 412) {
      remove(temporary);
      return false;
    }
    require_success(status, "MOVE " + temporary);
    return true;
  }

  std::optional<LeaseRecord> read_lease(const std::string& key) override {
    Response response = fetch_text(key);
    if (response.status == 404) return std::nullopt;
    require_success(response.status, "GET " + key);
    return parse_lease_record(response.body);
  }

  // Loaded by the first request (curl_library.hpp).
  const CurlLibrary& lib() const {
    if (!curl_) curl_.emplace();
    return *curl_;
  }

  StoreLocation location_;
  BackendSettings settings_;
  std::string base_url_;
  mutable std::optional<CurlLibrary> curl_;
};

}  // namespace

std::unique_ptr<Backend> make_http_backend(const StoreLocation& location,
                                           const BackendSettings& settings) {
  return std::make_unique<HttpBackend>(location, settings);
}

}  // namespace tdm::storage
