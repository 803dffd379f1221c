#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace tdm::storage {

// What a lease object holds, for backends without an expiring key of their own (file, http):
// who holds it and until when (milliseconds since the epoch), as two lines of text.
struct LeaseRecord {
  std::string owner;
  std::int64_t expires_at_ms = 0;

  static LeaseRecord starting_now(const std::string& owner, std::chrono::milliseconds ttl);
  std::string text() const;
  bool expired() const;
};

// nullopt for text that is not a lease record (e.g. a torn or foreign object).
std::optional<LeaseRecord> parse_lease_record(const std::string& text);

// "<host>:<pid>:<random>": who holds a lease, unique across runners and processes.
std::string lease_owner_id();

}  // namespace tdm::storage
