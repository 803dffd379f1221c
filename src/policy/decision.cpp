#include "policy/decision.hpp"

#include <algorithm>

namespace tdm {

namespace {

const char* const kRebuildFix =
    "rebuild it with 'cmake --build . --target snapshot', or drop strict mode (--strict, "
    "TDM_STRICT, CMake STRICT) to let tdm seed";

std::string short_hash(const std::string& hash) {
  return hash.substr(0, 12);
}

// Why the candidate's metadata rules it out in every mode, or "" when it is this fixture's.
std::string unusable_reason(const DecisionInput& input, const SnapshotCandidate& candidate) {
  if (!candidate.metadata) return "unusable: " + candidate.problem;
  const SnapshotMetadata& meta = *candidate.metadata;
  if (meta.format_version > SnapshotMetadata::kFormatVersion) {
    return "foreign: format " + std::to_string(meta.format_version) + " is newer than this tdm (" +
           std::to_string(SnapshotMetadata::kFormatVersion) + ")";
  }
  if (meta.name != input.name) return "foreign: it was made for fixture '" + meta.name + "'";
  if (meta.tier != input.tier) {
    return "foreign: it was made for tier '" + meta.tier + "', not '" + input.tier + "'";
  }
  return "";
}

// The data-model hash does not cover the seed: a snapshot seeded with another one holds other
// data from the same inputs. A snapshot that records no seed was captured as it was found.
std::string stale_reason(const DecisionInput& input, const SnapshotMetadata& meta) {
  if (meta.data_model_hash != input.current_hash) {
    return "stale: " + (input.change_summary.empty() ? "the inputs changed" : input.change_summary);
  }
  if (meta.seed && *meta.seed != input.replay_seed) {
    return "stale: seeded with TDM_SEED=" + std::to_string(*meta.seed) + ", this run asks for " +
           std::to_string(input.replay_seed);
  }
  return "";
}

Decision seed(const std::string& line) {
  return {Action::kSeed, line + " -> seeding", ""};
}

Decision fall_back(const std::string& line) {
  return {Action::kSeed, line + " -> falling back to seeding", ""};
}

Decision fail(const std::string& line, const std::string& fix) {
  return {Action::kFail, line + " -> failing (strict)", fix};
}

// Nothing usable: AUTO seeds, SNAPSHOT seeds with a warning unless strict.
Decision nothing_usable(const DecisionInput& input, const std::string& line) {
  if (input.mode == Mode::kAuto) return seed(line);
  return input.strict ? fail(line, kRebuildFix) : fall_back(line);
}

Decision without_metadata(const DecisionInput& input, const std::string& subject) {
  std::string line = subject + " has no metadata";
  if (input.strict) {
    return input.mode == Mode::kAuto ? seed(line + " (strict)") : fail(line, kRebuildFix);
  }
  return {Action::kRestoreWithoutMetadata,
          line +
              " -> restoring its payload anyway once its own checksum verifies it (no "
              "metadata vouches for its data-model hash)",
          ""};
}

Decision by_age(const DecisionInput& input, const std::string& subject,
                const SnapshotMetadata& meta) {
  auto age =
      std::chrono::seconds(std::max<std::int64_t>(0, input.now_ms - meta.created_at_ms) / 1000);
  std::string age_text = format_duration(age) + " old";
  if (age > input.max_age) {
    std::string over = " (max " + format_duration(input.max_age) + ")";
    if (input.mode == Mode::kAuto) return seed(subject + " expired: " + age_text + over);
    return {Action::kRestore,
            subject + " is " + age_text + over + ", restoring anyway as SNAPSHOT mode asks", ""};
  }
  return {Action::kRestore,
          subject + " fresh (" + age_text + ", hash " + short_hash(meta.data_model_hash) +
              " matches) -> restoring",
          ""};
}

}  // namespace

Decision decide(const DecisionInput& input) {
  const std::string mode = to_string(input.mode);
  if (input.mode == Mode::kDynamic) return seed(mode + ": mode DYNAMIC always seeds");

  if (!input.candidate) {
    // "app:realistic": the line names the tier it is about.
    const std::string fixture = input.tier.empty() ? input.name : input.name + ":" + input.tier;
    return nothing_usable(input, mode + ": no snapshot of '" + fixture + "'");
  }
  const SnapshotCandidate& candidate = *input.candidate;
  std::string subject = mode + ": snapshot " + candidate.id;
  if (candidate.metadata_missing) return without_metadata(input, subject);
  if (std::string reason = unusable_reason(input, candidate); !reason.empty()) {
    return nothing_usable(input, subject + " " + reason);
  }

  const SnapshotMetadata& meta = *candidate.metadata;
  if (std::string stale = stale_reason(input, meta); !stale.empty()) {
    std::string line = subject + " " + stale;
    if (input.mode == Mode::kAuto) return seed(line);
    if (input.strict) return fail(line, kRebuildFix);
    return {Action::kRestore, line + " -> restoring it anyway (forced)", ""};
  }
  return by_age(input, subject, meta);
}

}  // namespace tdm
