#include "safety/test_database_rule.hpp"

#include <gtest/gtest.h>

#include "core/error.hpp"

namespace tdm {
namespace {

TEST(TestDatabaseRule, DefaultPatternAllowsOnlyTestDatabases) {
  TestDatabaseRule rule;
  EXPECT_TRUE(rule.allows("app_test"));
  EXPECT_TRUE(rule.allows("app_test__login_spec"));
  EXPECT_TRUE(rule.allows("shop_tests"));
  EXPECT_FALSE(rule.allows("app"));
  EXPECT_FALSE(rule.allows("production"));
  EXPECT_FALSE(rule.allows("test"));
  EXPECT_FALSE(rule.allows(""));
}

TEST(TestDatabaseRule, NeverAllowsServerSchemasOrTheBookkeeping) {
  TestDatabaseRule rule({"*"}, {"mysql"});
  EXPECT_TRUE(rule.allows("anything"));
  for (const char* name :
       {"mysql", "information_schema", "performance_schema", "sys", "_tdm", "MYSQL"}) {
    EXPECT_FALSE(rule.allows(name)) << name;
  }
}

TEST(TestDatabaseRule, EnvironmentReplacesPatternsAndAddsNames) {
  Environment env(std::map<std::string, std::string>{{"TDM_TEST_DB_PATTERNS", "ci_*, *_e2e"},
                                                     {"TDM_TEST_DATABASES", "scratch, sandbox"}});
  TestDatabaseRule rule = TestDatabaseRule::from_environment(env);
  EXPECT_TRUE(rule.allows("ci_shop"));
  EXPECT_TRUE(rule.allows("shop_e2e"));
  EXPECT_TRUE(rule.allows("sandbox"));
  EXPECT_FALSE(rule.allows("app_test"));  // the default pattern was replaced
}

TEST(TestDatabaseRule, RefusalNamesTheDatabaseTheActionAndTheFix) {
  try {
    TestDatabaseRule().require("shop", "restore into");
    FAIL() << "expected a refusal";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kRefused);
    EXPECT_STREQ(error.what(),
                 "refusing to restore into database 'shop': it is not marked as a test database "
                 "(patterns: *_test*); fix: use a database name that matches the patterns "
                 "(TDM_TEST_DB_PATTERNS; the default *_test* takes e.g. 'shop_test'), or list it "
                 "in TDM_TEST_DATABASES if it really is disposable");
  }
}

}  // namespace
}  // namespace tdm
