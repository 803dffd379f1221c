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

DecisionInput strict(DecisionInput input) {
  input.strict = true;
  return input;
}

DecisionInput without_candidate(Mode mode) {
  DecisionInput input = input_for(mode);
  input.candidate.reset();
  return input;
}

DecisionInput stale(Mode mode) {
  DecisionInput input = input_for(mode);
  input.current_hash = std::string(64, 'b');
  input.change_summary = "seeds/03_users.js changed";
  return input;
}

DecisionInput without_metadata(Mode mode) {
  DecisionInput input = input_for(mode);
  input.candidate = SnapshotCandidate{"app-1.0.0-aaaaaaaaaaaa", std::nullopt, "", true};
  return input;
}

DecisionInput malformed(Mode mode) {
  DecisionInput input = input_for(mode);
  input.candidate->metadata.reset();
  input.candidate->problem = "malformed snapshot metadata x.meta.json: not valid JSON";
  return input;
}

// SNAPSHOT, no snapshot: "Warn: Snapshot Not Found - Fallback to DYNAMIC".
TEST(Decision, SnapshotModeFallsBackToSeedingWhenThereIsNoSnapshot) {
  Decision decision = decide(without_candidate(Mode::kSnapshot));
  EXPECT_EQ(decision.action, Action::kSeed);
  EXPECT_EQ(decision.line, "SNAPSHOT: no snapshot of 'app' -> falling back to seeding");
}

TEST(Decision, StrictSnapshotModeFailsWhenThereIsNoSnapshotAndSaysHowToBuildOne) {
  Decision decision = decide(strict(without_candidate(Mode::kSnapshot)));
  EXPECT_EQ(decision.action, Action::kFail);
  EXPECT_EQ(decision.line, "SNAPSHOT: no snapshot of 'app' -> failing (strict)");
  EXPECT_NE(decision.fix.find("--target snapshot"), std::string::npos);
}

TEST(Decision, StrictAutoStillSeedsWhenThereIsNoSnapshot) {
  EXPECT_EQ(decide(strict(without_candidate(Mode::kAuto))).action, Action::kSeed);
}

TEST(Decision, AutoSeedsWhenTheHashDiffersAndSaysWhatChanged) {
  Decision decision = decide(stale(Mode::kAuto));
  EXPECT_EQ(decision.action, Action::kSeed);
  EXPECT_EQ(decision.line,
            "AUTO: snapshot app-1.0.0-aaaaaaaaaaaa stale: seeds/03_users.js changed -> seeding");
}

// Forced mode checks existence only: a stale snapshot is restored, with a warning.
TEST(Decision, SnapshotModeRestoresAStaleSnapshotAnyway) {
  Decision decision = decide(stale(Mode::kSnapshot));
  EXPECT_EQ(decision.action, Action::kRestore);
  EXPECT_EQ(decision.line,
            "SNAPSHOT: snapshot app-1.0.0-aaaaaaaaaaaa stale: seeds/03_users.js changed -> "
            "restoring it anyway (forced)");
}

TEST(Decision, StrictSnapshotModeFailsOnAStaleSnapshot) {
  Decision decision = decide(strict(stale(Mode::kSnapshot)));
  EXPECT_EQ(decision.action, Action::kFail);
  EXPECT_EQ(decision.line,
            "SNAPSHOT: snapshot app-1.0.0-aaaaaaaaaaaa stale: seeds/03_users.js changed -> "
            "failing (strict)");
  EXPECT_NE(decision.fix.find("--target snapshot"), std::string::npos);
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
  for (bool is_strict : {false, true}) {
    DecisionInput input = input_for(Mode::kSnapshot);
    input.strict = is_strict;
    input.candidate->metadata->created_at_ms = kNow - 9 * 24 * kHour;
    Decision decision = decide(input);
    EXPECT_EQ(decision.action, Action::kRestore);
    EXPECT_NE(decision.line.find("9d old (max 7d)"), std::string::npos);
  }
}

// AUTO, payload without metadata: "Warn: No Metadata - Use Snapshot Anyway".
TEST(Decision, APayloadWithoutMetadataIsRestoredWithAWarning) {
  for (Mode mode : {Mode::kAuto, Mode::kSnapshot}) {
    Decision decision = decide(without_metadata(mode));
    EXPECT_EQ(decision.action, Action::kRestoreWithoutMetadata);
    EXPECT_EQ(decision.line, to_string(mode) +
                                 ": snapshot app-1.0.0-aaaaaaaaaaaa has no metadata -> restoring "
                                 "its payload anyway once its own checksum verifies it (no "
                                 "metadata vouches for its data-model hash)");
  }
}

TEST(Decision, StrictNeverRestoresAPayloadWithoutMetadata) {
  Decision automatic = decide(strict(without_metadata(Mode::kAuto)));
  EXPECT_EQ(automatic.action, Action::kSeed);
  EXPECT_EQ(automatic.line,
            "AUTO: snapshot app-1.0.0-aaaaaaaaaaaa has no metadata (strict) -> seeding");
  EXPECT_EQ(decide(strict(without_metadata(Mode::kSnapshot))).action, Action::kFail);
}

// Malformed metadata is unusable, not missing: never restored in any mode.
TEST(Decision, MalformedMetadataIsUnusableInEveryMode) {
  Decision automatic = decide(malformed(Mode::kAuto));
  EXPECT_EQ(automatic.action, Action::kSeed);
  EXPECT_NE(automatic.line.find("unusable: malformed snapshot metadata"), std::string::npos);
  Decision forced = decide(malformed(Mode::kSnapshot));
  EXPECT_EQ(forced.action, Action::kSeed);
  EXPECT_NE(forced.line.find("-> falling back to seeding"), std::string::npos);
  EXPECT_EQ(decide(strict(malformed(Mode::kSnapshot))).action, Action::kFail);
}

TEST(Decision, ASnapshotOfAnotherFixtureIsForeign) {
  DecisionInput input = input_for(Mode::kAuto);
  input.candidate->metadata->name = "billing";
  Decision decision = decide(input);
  EXPECT_EQ(decision.action, Action::kSeed);
  EXPECT_NE(decision.line.find("foreign: it was made for fixture 'billing'"), std::string::npos);
}

TEST(Decision, ANewerFormatIsForeignAndNeverRestored) {
  DecisionInput input = input_for(Mode::kSnapshot);
  input.candidate->metadata->format_version = SnapshotMetadata::kFormatVersion + 1;
  Decision decision = decide(input);
  EXPECT_EQ(decision.action, Action::kSeed);
  EXPECT_NE(decision.line.find("foreign: format"), std::string::npos);
  EXPECT_EQ(decide(strict(input)).action, Action::kFail);
}

TEST(Decision, DynamicSeedsEvenWhenStrict) {
  EXPECT_EQ(decide(strict(input_for(Mode::kDynamic))).action, Action::kSeed);
}

DecisionInput seeded_with(Mode mode, std::uint64_t recorded, std::uint64_t asked) {
  DecisionInput input = input_for(mode);
  input.candidate->metadata->seed = recorded;
  input.replay_seed = asked;
  return input;
}

TEST(Decision, ASnapshotSeededWithAnotherSeedIsStale) {
  Decision decision = decide(seeded_with(Mode::kAuto, 41, 42));
  EXPECT_EQ(decision.action, Action::kSeed);
  EXPECT_EQ(decision.line,
            "AUTO: snapshot app-1.0.0-aaaaaaaaaaaa stale: seeded with TDM_SEED=41, this run asks "
            "for 42 -> seeding");
  EXPECT_EQ(decide(seeded_with(Mode::kSnapshot, 41, 42)).action, Action::kRestore);
  EXPECT_EQ(decide(strict(seeded_with(Mode::kSnapshot, 41, 42))).action, Action::kFail);
  EXPECT_EQ(decide(seeded_with(Mode::kAuto, 42, 42)).action, Action::kRestore);
}

TEST(Decision, ASnapshotThatRecordsNoSeedIsNotStaleForIt) {
  DecisionInput input = input_for(Mode::kAuto);
  input.replay_seed = 42;
  EXPECT_EQ(decide(input).action, Action::kRestore);
}

}  // namespace
}  // namespace tdm
