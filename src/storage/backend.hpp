#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

namespace tdm::storage {

// Where a remote store is, as the user wrote it in TDM_REMOTE_STORAGE / REMOTE_STORAGE, e.g.
// `file:///mnt/shared/tdm`, `http://cache:8080/tdm`, `redis://cache:6379|read-only`. It never
// holds a credential: those come from BackendSettings.
struct StoreLocation {
  std::string scheme;      // "file", "http", "https" or "redis"
  std::string host;        // empty for file
  int port = 0;            // 0: the scheme's default
  std::string path;        // file: the directory; http: the prefix ("/tdm"); redis: key prefix
  bool read_only = false;  // `|read-only`: fetched from, never written to
  std::string shown;       // how messages name the store (the URL as given, no credentials)
};

// What every backend is configured with besides its location: read once from the environment
// by cli and passed down. Secrets live here only, never in a location, argv or message.
struct BackendSettings {
  std::chrono::milliseconds timeout{10'000};  // TDM_REMOTE_TIMEOUT: connect and each transfer
  std::string bearer_token;                   // TDM_REMOTE_TOKEN (http)
  std::string redis_password;                 // TDM_REDIS_PASSWORD (redis AUTH)
};

// The answer of a create-if-absent lease.
enum class LeaseOutcome {
  kAcquired,     // the key now holds our owner string until it expires
  kHeldByOther,  // someone else holds an unexpired lease
};

// One remote store of snapshot objects. Keys are relative, '/'-separated names made by the
// caller (e.g. "cas/<sha256>", "snapshots/<id>.meta.json", "leases/<id>"); a backend maps them
// onto its own namespace. A missing object is an answer (false / empty), not an error. A store
// that cannot be reached, times out or refuses throws Error naming `location().shown` and the
// fix; the caller decides whether that is a warning or a failure.
class Backend {
 public:
  virtual ~Backend() = default;
  Backend() = default;
  Backend(const Backend&) = delete;
  Backend& operator=(const Backend&) = delete;

  virtual const StoreLocation& location() const = 0;

  // Writes the object to `destination` (replacing it) and returns true, or returns false when
  // the store has no such key. The content is not checked here: the caller verifies it against
  // the digest it expects before anything uses it.
  virtual bool get(const std::string& key, const std::filesystem::path& destination) = 0;
  virtual bool exists(const std::string& key) = 0;
  // Stores the file's content under `key`. A reader sees the whole object or none, never a part.
  virtual void put(const std::string& key, const std::filesystem::path& source) = 0;
  virtual void remove(const std::string& key) = 0;
  // The keys that start with `prefix`, in no particular order.
  virtual std::vector<std::string> list(const std::string& prefix) = 0;

  // Creates `key` holding `owner` for `ttl` unless another owner holds it unexpired. A lease
  // whose time ran out is taken over. `guarantees_single_owner()` says whether two callers can
  // never both get kAcquired (an atomic create-if-absent), or only rarely.
  virtual LeaseOutcome try_lease(const std::string& key, const std::string& owner,
                                 std::chrono::milliseconds ttl) = 0;
  // Removes the lease if `owner` still holds it; another owner's lease is left alone.
  virtual void release_lease(const std::string& key, const std::string& owner) = 0;
  virtual bool guarantees_single_owner() const = 0;
};

}  // namespace tdm::storage
