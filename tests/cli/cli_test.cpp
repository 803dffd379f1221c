// The `tdm` binary as a user runs it, where no server is needed: help, usage errors, the
// effective settings, and a server that is not there.
#include <gtest/gtest.h>

#include <algorithm>

#include "cli_input.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

using testing::lines;
using testing::run_tdm;

TEST(Cli, HelpListsTheVerbsAndTheExitCodes) {
  auto result = run_tdm({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  for (const char* text : {"server", "hash", "seed", "snapshot", "bootstrap", "teardown", "run",
                           "entities", "Exit codes:", "5   refused"}) {
    EXPECT_NE(result.out.find(text), std::string::npos) << text;
  }
  for (const char* verb :
       {"server", "hash", "seed", "snapshot", "bootstrap", "teardown", "run", "entities", "diff"}) {
    EXPECT_EQ(run_tdm({verb, "--help"}).exit_code, 0) << verb;
  }
}

TEST(Cli, UsageErrorsExitTwoWithOneLine) {
  auto unknown = run_tdm({"frobnicate"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(unknown.err.find("tdm: error: "), 0u);
  EXPECT_EQ(std::count(unknown.err.begin(), unknown.err.end(), '\n'), 1);
  EXPECT_EQ(run_tdm({"snapshot", "restore"}).exit_code, 2);  // --name is required
}

TEST(CliMessages, AnUnknownVerbIsNamedWithTheVerbsThatExist) {
  auto unknown = run_tdm({"frobnicate"});
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_EQ(lines(unknown.err), 1u) << unknown.err;
  for (const char* text : {"'frobnicate'", "server", "snapshot", "bootstrap", "diff"}) {
    EXPECT_NE(unknown.err.find(text), std::string::npos) << text << ": " << unknown.err;
  }
  auto nested = run_tdm({"snapshot", "frobnicate", "--dir", "x"});
  EXPECT_EQ(nested.exit_code, 2);
  for (const char* text : {"'frobnicate'", "tdm snapshot", "restore", "verify"}) {
    EXPECT_NE(nested.err.find(text), std::string::npos) << text << ": " << nested.err;
  }
  auto none = run_tdm({});
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("snapshot"), std::string::npos) << none.err;
  EXPECT_EQ(run_tdm({"server", "--help"}).exit_code, 0);
}

TEST(Cli, ConfigSaysWhereEverySettingCameFromWithoutAServer) {
  auto result = run_tdm(
      {"config", "--name", "app", "--strict", "--server-dir", "/nonexistent/srv", "--database",
       "app_test"},
      {{"TEST_DATA_MODE", "snapshot"}, {"TDM_LOCK_TIMEOUT", "30"}, {"TDM_SEED_TIMEOUT", "90m"}});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  for (const char* line :
       {"mode: SNAPSHOT  (environment TEST_DATA_MODE)", "strict: on  (flag --strict)",
        "max age: 7d  (default)", "server: /nonexistent/srv  (flag --server-dir)",
        "database: app_test  (flag --database)",
        "lock timeout: 30 s  (environment TDM_LOCK_TIMEOUT)",
        "seed timeout: 1h 30m  (environment TDM_SEED_TIMEOUT)"}) {
    EXPECT_NE(result.out.find(line), std::string::npos) << line << "\n" << result.out;
  }
}

TEST(Cli, AServerThatIsNotRunningIsExitFourWithTheFix) {
  auto result = run_tdm({"snapshot", "create", "--name", "x", "--url",
                         "mysql://root@localhost/x_test?socket=/tmp/tdm-nothing.sock"});
  EXPECT_EQ(result.exit_code, 4);
  EXPECT_NE(result.err.find("fix: start the server"), std::string::npos) << result.err;
}

TEST(Cli, APasswordNeverAppearsInOutput) {
  auto result = run_tdm({"snapshot", "create", "--name", "x", "--url",
                         "mysql://root@localhost/x_test?socket=/tmp/tdm-nothing.sock"},
                        {{"MYSQL_PWD", "sup3r-s3cret"}});
  EXPECT_EQ((result.out + result.err).find("sup3r-s3cret"), std::string::npos);
}

}  // namespace
}  // namespace tdm
