#include "migration/migration_check.hpp"

#include <gtest/gtest.h>

#include <set>

#include "migration/data_census.hpp"
#include "support/error_code.hpp"

namespace tdm {
namespace {

const std::vector<SchemaChange> kDroppedEmail{
    {Compatibility::kNonBreaking, "table labels added"},
    {Compatibility::kBreaking, "column users.email dropped"}};

TEST(MajorVersionRule, ABreakingChangeUnderTheSameMajorVersionIsNamedWithTheFix) {
  EXPECT_EQ(major_version_violation("1.0.0", "1.1.0", kDroppedEmail),
            "breaking change under unchanged major version 1: column users.email dropped; fix: "
            "bump VERSION to 2.0.0 or make the change non-breaking");
}

TEST(MajorVersionRule, ANewMajorVersionOrNoBreakingChangePasses) {
  EXPECT_EQ(major_version_violation("1.0.0", "2.0.0", kDroppedEmail), "");
  EXPECT_EQ(major_version_violation("1.0.0", "1.1.0", {kDroppedEmail[0]}), "");
}

TEST(MigrationSteps, NamesRoundTripAndUnknownOnesAreUsageErrors) {
  for (MigrationStep step : {MigrationStep::kForward, MigrationStep::kPreservation,
                             MigrationStep::kIdempotency, MigrationStep::kRollback}) {
    EXPECT_EQ(migration_step_from_string(to_string(step)), step);
  }
  EXPECT_EQ(testing::error_code_of([] { migration_step_from_string("sideways"); }),
            ExitCode::kUsage);
}

TEST(MigrationSteps, EachStepHasAScratchDatabaseOfItsOwnThatFitsBesideALongName) {
  std::string database(48, 'd');
  std::set<std::string> names;
  for (MigrationStep step : {MigrationStep::kForward, MigrationStep::kPreservation,
                             MigrationStep::kIdempotency, MigrationStep::kRollback}) {
    std::string name = migration_database(database, step);
    EXPECT_LE(name.size(), 64u);
    names.insert(name);
  }
  EXPECT_EQ(names.size(), 4u);
}

TEST(DataCensus, LostRowsAndValuesOfWhatBothSidesHaveAreNamed) {
  DataCensus before{{"orders", {50, {{"id", 50}, {"note", 10}}}},
                    {"users", {3, {{"id", 3}, {"email", 3}}}},
                    {"dropped", {9, {{"id", 9}}}}};
  DataCensus after{{"orders", {45, {{"id", 45}, {"note", 45}}}},
                   {"users", {4, {{"id", 4}, {"email", 0}, {"nickname", 0}}}}};
  EXPECT_EQ(data_lost(before, after),
            (std::vector<std::string>{"orders: 50 rows before, 45 after",
                                      "orders.id: 50 non-NULL values before, 45 after",
                                      "users.email: 3 non-NULL values before, 0 after"}));
  EXPECT_TRUE(data_lost(before, before).empty());
}

}  // namespace
}  // namespace tdm
