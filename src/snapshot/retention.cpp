#include "snapshot/retention.hpp"

namespace tdm {

bool Retention::keeps(const SnapshotMetadata& metadata) {
  if (rules_.max_age && now_ms_ - metadata.created_at_ms > rules_.max_age->count() * 1000) {
    return false;
  }
  // Tiers (and versions) of one fixture are kept apart: a new minimal one must not prune the
  // realistic one, nor a 1.1.0 the 1.0.0 a migration check starts from.
  std::string group =
      metadata.name + "\n" + metadata.tier + "\n" + (rules_.per_version ? metadata.version : "");
  std::size_t& kept = kept_per_group_[group];
  if (kept >= rules_.keep) return false;
  ++kept;
  return true;
}

}  // namespace tdm
