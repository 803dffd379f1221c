#include "policy/decision.hpp"

#include <algorithm>

namespace tdm {

namespace {

std::string short_hash(const std::string& hash) {
  return hash.substr(0, 12);
}

// Why the candidate cannot be used, or "" when it matches the inputs.
std::string unusable_reason(const DecisionInput& input, const SnapshotCandidate& candidate) {
  if (!candidate.metadata) return "unusable: " + candidate.problem;
  const SnapshotMetadata& meta = *candidate.metadata;
  if (meta.format_version > SnapshotMetadata::kFormatVersion) {
    return "foreign: format " + std::to_string(meta.format_version) + " is newer than this tdm (" +
           std::to_string(SnapshotMetadata::kFormatVersion) + ")";
  }
  if (meta.name != input.name) return "foreign: it was made for fixture '" + meta.name + "'";
  if (meta.data_model_hash != input.current_hash) {
    std::string what = input.change_summary.empty() ? "the inputs changed" : input.change_summary;
    return "stale: " + what;
  }
  return "";
}

Decision seed(const std::string& line) {
  return {Action::kSeed, line + " -> seeding", ""};
}

Decision fail(const std::string& line, const std::string& fix) {
  return {Action::kFail, line + " -> failing", fix};
}

}  // namespace

Decision decide(const DecisionInput& input) {
  const std::string mode = to_string(input.mode);
  if (input.mode == Mode::kDynamic) return seed(mode + ": mode DYNAMIC always seeds");

  const std::string rebuild_fix =
      "rebuild it with 'cmake --build . --target snapshot', or use --mode AUTO to seed instead";
  if (!input.candidate) {
    std::string line = mode + ": no snapshot of '" + input.name + "'";
    return input.mode == Mode::kAuto ? seed(line) : fail(line, rebuild_fix);
  }
  const SnapshotCandidate& candidate = *input.candidate;
  std::string subject = mode + ": snapshot " + candidate.id;
  if (std::string reason = unusable_reason(input, candidate); !reason.empty()) {
    std::string line = subject + " " + reason;
    return input.mode == Mode::kAuto ? seed(line) : fail(line, rebuild_fix);
  }

  const SnapshotMetadata& meta = *candidate.metadata;
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

}  // namespace tdm
