#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "snapshot/metadata.hpp"

namespace tdm {

// What prune keeps: the `keep` newest snapshots of each name, tier and (with `per_version`)
// version, none older than `max_age`. The snapshot directory and the remote stores are pruned
// by this one rule, so both keep the same snapshots.
struct RetentionRules {
  std::size_t keep = 1;
  std::optional<std::chrono::seconds> max_age{};
  bool per_version = true;
};

// Applies RetentionRules to snapshots fed newest first.
class Retention {
 public:
  Retention(RetentionRules rules, std::int64_t now_ms) : rules_(rules), now_ms_(now_ms) {}

  // Whether `metadata`'s snapshot stays; counts it against its group when it does.
  bool keeps(const SnapshotMetadata& metadata);

 private:
  RetentionRules rules_;
  std::int64_t now_ms_;
  std::map<std::string, std::size_t> kept_per_group_;
};

}  // namespace tdm
