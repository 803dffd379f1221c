#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "core/environment.hpp"
#include "storage/backend.hpp"

namespace tdm::storage {

// One store URL as a user writes it: `file:///dir`, `http(s)://host[:port][/prefix]`,
// `redis://host[:port][/prefix]`, each optionally followed by `|read-only`. A URL carrying a
// credential (user info, a password or token in the query) is refused with Error(kInvalidInput)
// showing it redacted: credentials come from the environment or netrc only.
StoreLocation parse_store_location(const std::string& url);

// The space-separated URLs of TDM_REMOTE_STORAGE / REMOTE_STORAGE, in order; none for "".
std::vector<StoreLocation> parse_store_locations(const std::string& urls);

// `url` with its user info and query values replaced by "***": how a refused URL is shown.
std::string redacted_url(const std::string& url);

// Everything the remote stores are configured with, read once by cli from the environment.
struct RemoteStorageSettings {
  std::vector<StoreLocation> stores;  // in the order they are tried; none: stores are off
  BackendSettings backend;
  // How long a runner waits for another one seeding the same snapshot, and how long a lease
  // of a seeding runner lasts before another may take it over (its seeder presumed dead).
  std::chrono::seconds lease_wait{600};
};

inline constexpr std::chrono::seconds kDefaultLeaseWait{600};
inline constexpr std::chrono::seconds kDefaultRemoteTimeout{10};

// $TDM_REMOTE_STORAGE when it is set (also when set empty: stores off), else `cmake_urls`
// (tdm_add_snapshot's REMOTE_STORAGE, passed as --remote-storage); $TDM_REMOTE_TIMEOUT and
// $TDM_REMOTE_LEASE_WAIT (seconds or a duration like 90s, 10m); $TDM_REMOTE_TOKEN and
// $TDM_REDIS_PASSWORD. Throws Error(kInvalidInput) naming the variable of a malformed value.
RemoteStorageSettings remote_storage_settings(const std::string& cmake_urls,
                                              const Environment& env);

}  // namespace tdm::storage
