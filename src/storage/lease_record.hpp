#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "storage/backend.hpp"

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

// The lease of a backend whose objects do not expire by themselves: a LeaseRecord object,
// created if absent; one whose expiry passed (its holder presumed dead) is removed and created
// again, once.
class RecordedLeaseBackend : public Backend {
 public:
  LeaseOutcome try_lease(const std::string& key, const std::string& owner,
                         std::chrono::milliseconds ttl) override;
  void release_lease(const std::string& key, const std::string& owner) override;

 protected:
  // Creates `key` holding `content` unless it exists: false when it did.
  virtual bool create_if_absent(const std::string& key, const std::string& content) = 0;
  // The record `key` holds; nullopt when there is none or it is not a record.
  virtual std::optional<LeaseRecord> read_lease(const std::string& key) = 0;
};

}  // namespace tdm::storage
