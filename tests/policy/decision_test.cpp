#include "policy/decision.hpp"

#include <gtest/gtest.h>

namespace tdm {
namespace {

constexpr std::int64_t kNow = 1'800'000'000'000;
constexpr std::int64_t kHour = 3'600'000;
const std::string kHash(64, 'a');

SnapshotCandidate fresh_candidate() {
  SnapshotMetadata meta;
  meta.name = "app";
  meta.data_model_hash = kHash;
  meta.created_at_ms = kNow - 2 * kHour;
  return {"app-1.0.0-aaaaaaaaaaaa", meta, ""};
}

DecisionInput input_for(Mode mode) {
  DecisionInput input;
  input.mode = mode;
  input.name = "app";
  input.max_age = std::chrono::hours(24 * 7);
  input.candidate = fresh_candidate();
  input.current_hash = kHash;
  input.now_ms = kNow;
  return input;
}

TEST(Decision, AutoRestoresAFreshMatchingSnapshot) {
  Decision decision = decide(input_for(Mode::kAuto));
  EXPECT_EQ(decision.action, Action::kRestore);
  EXPECT_EQ(decision.line,
            "AUTO: snapshot app-1.0.0-aaaaaaaaaaaa fresh (2h old, hash aaaaaaaaaaaa matches) -> "
            "restoring");
}

TEST(Decision, DynamicAlwaysSeeds) {
  Decision decision = decide(input_for(Mode::kDynamic));
  EXPECT_EQ(decision.action, Action::kSeed);
  EXPECT_EQ(decision.line, "DYNAMIC: mode DYNAMIC always seeds -> seeding");
}

TEST(Decision, AutoSeedsWhenThereIsNoSnapshot) {
  DecisionInput input = input_for(Mode::kAuto);
  input.candidate.reset();
  Decision decision = decide(input);
  EXPECT_EQ(decision.action, Action::kSeed);
  EXPECT_EQ(decision.line, "AUTO: no snapshot of 'app' -> seeding");
}

TEST(Decision, SnapshotModeFailsWhenThereIsNoSnapshot) {
  DecisionInput input = input_for(Mode::kSnapshot);
  input.candidate.reset();
  Decision decision = decide(input);
  EXPECT_EQ(decision.action, Action::kFail);
  EXPECT_NE(decision.fix.find("--target snapshot"), std::string::npos);
}

TEST(Decision, AutoSeedsWhenTheHashDiffersAndSaysWhatChanged) {
  DecisionInput input = input_for(Mode::kAuto);
  input.current_hash = std::string(64, 'b');
  input.change_summary = "seeders/UserSeeder.php changed";
  Decision decision = decide(input);
  EXPECT_EQ(decision.action, Action::kSeed);
  EXPECT_EQ(decision.line,
            "AUTO: snapshot app-1.0.0-aaaaaaaaaaaa stale: seeders/UserSeeder.php changed -> "
            "seeding");
}

TEST(Decision, SnapshotModeFailsOnAStaleSnapshot) {
  DecisionInput input = input_for(Mode::kSnapshot);
  input.current_hash = std::string(64, 'b');
  Decision decision = decide(input);
  EXPECT_EQ(decision.action, Action::kFail);
  EXPECT_NE(decision.line.find("stale: the inputs changed"), std::string::npos);
}

TEST(Decision, AutoSeedsWhenTheSnapshotIsTooOld) {
  DecisionInput input = input_for(Mode::kAuto);
  input.candidate->metadata->created_at_ms = kNow - 9 * 24 * kHour;
  Decision decision = decide(input);
  EXPECT_EQ(decision.action, Action::kSeed);
  EXPECT_EQ(decision.line,
            "AUTO: snapshot app-1.0.0-aaaaaaaaaaaa expired: 9d old (max 7d) -> seeding");
}

TEST(Decision, SnapshotModeRestoresAnOldSnapshotButSaysSo) {
  DecisionInput input = input_for(Mode::kSnapshot);
  input.candidate->metadata->created_at_ms = kNow - 9 * 24 * kHour;
  Decision decision = decide(input);
  EXPECT_EQ(decision.action, Action::kRestore);
  EXPECT_NE(decision.line.find("9d old (max 7d)"), std::string::npos);
}

TEST(Decision, MalformedMetadataIsUnusable) {
  DecisionInput input = input_for(Mode::kAuto);
  input.candidate->metadata.reset();
  input.candidate->problem = "malformed snapshot metadata x.meta.json: not valid JSON";
  Decision decision = decide(input);
  EXPECT_EQ(decision.action, Action::kSeed);
  EXPECT_NE(decision.line.find("unusable: malformed snapshot metadata"), std::string::npos);
  EXPECT_EQ(decide([&] {
              input.mode = Mode::kSnapshot;
              return input;
            }())
                .action,
            Action::kFail);
}

TEST(Decision, ASnapshotOfAnotherFixtureIsForeign) {
  DecisionInput input = input_for(Mode::kAuto);
  input.candidate->metadata->name = "billing";
  Decision decision = decide(input);
  EXPECT_EQ(decision.action, Action::kSeed);
  EXPECT_NE(decision.line.find("foreign: it was made for fixture 'billing'"), std::string::npos);
}

TEST(Decision, ANewerFormatIsForeign) {
  DecisionInput input = input_for(Mode::kSnapshot);
  input.candidate->metadata->format_version = SnapshotMetadata::kFormatVersion + 1;
  Decision decision = decide(input);
  EXPECT_EQ(decision.action, Action::kFail);
  EXPECT_NE(decision.line.find("foreign: format"), std::string::npos);
}

}  // namespace
}  // namespace tdm
