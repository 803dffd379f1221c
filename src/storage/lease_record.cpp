#include "storage/lease_record.hpp"

#include <unistd.h>

#include <random>
#include <sstream>

#include "snapshot/metadata.hpp"

namespace tdm::storage {

LeaseRecord LeaseRecord::starting_now(const std::string& owner, std::chrono::milliseconds ttl) {
  return {owner, now_epoch_ms() + ttl.count()};
}

std::string LeaseRecord::text() const {
  return owner + "\n" + std::to_string(expires_at_ms) + "\n";
}

bool LeaseRecord::expired() const {
  return now_epoch_ms() >= expires_at_ms;
}

std::optional<LeaseRecord> parse_lease_record(const std::string& text) {
  std::istringstream lines(text);
  LeaseRecord record;
  std::string expiry;
  if (!std::getline(lines, record.owner) || !std::getline(lines, expiry) || record.owner.empty()) {
    return std::nullopt;
  }
  try {
    std::size_t used = 0;
    record.expires_at_ms = std::stoll(expiry, &used);
    if (used != expiry.size()) return std::nullopt;
  } catch (const std::logic_error&) {  // stoll: not a number, or out of range
    return std::nullopt;
  }
  return record;
}

std::string lease_owner_id() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  std::random_device random;
  return std::string(host) + ":" + std::to_string(::getpid()) + ":" + std::to_string(random());
}

LeaseOutcome RecordedLeaseBackend::try_lease(const std::string& key, const std::string& owner,
                                             std::chrono::milliseconds ttl) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (create_if_absent(key, LeaseRecord::starting_now(owner, ttl).text())) {
      return LeaseOutcome::kAcquired;
    }
    auto held = read_lease(key);
    if (held && !held->expired()) return LeaseOutcome::kHeldByOther;
    remove(key);  // expired, not a lease, or gone meanwhile: take it over
  }
  return LeaseOutcome::kHeldByOther;
}

void RecordedLeaseBackend::release_lease(const std::string& key, const std::string& owner) {
  auto held = read_lease(key);
  if (held && held->owner == owner) remove(key);
}

}  // namespace tdm::storage
