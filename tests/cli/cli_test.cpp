// The `tdm` binary as a user runs it, where no server is needed: help, usage errors, the
// effective settings, and a server that is not there.
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "cli/commands.hpp"
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

// tdm builds only the group of the verb it is given: a verb missing from its group's list would
// still work (every group is built then), but pay for all of them.
TEST(Cli, EachVerbGroupNamesTheVerbsItAdds) {
  std::ostringstream out, log;
  cli::Context context{Environment(), out, log};
  for (const cli::VerbGroup& group : cli::verb_groups()) {
    CLI::App app;
    int exit_code = 0;
    group.add(app, context, exit_code);
    std::vector<std::string_view> added;
    for (const CLI::App* verb : app.get_subcommands([](const CLI::App*) { return true; })) {
      added.push_back(verb->get_name());
    }
    EXPECT_EQ(added, group.verbs);
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

TEST(Cli, ConfigShowsTheRemoteStoresAndTheirSettingsButNoCredential) {
  auto result =
      run_tdm({"config", "--name", "app", "--server-dir", "/nonexistent/srv"},
              {{"TDM_REMOTE_STORAGE", "http://cache.internal:8080/tdm file:///mnt/ci|read-only"},
               {"TDM_REMOTE_TIMEOUT", "30"},
               {"TDM_REMOTE_TOKEN", "t0ken-value"},
               {"TDM_REDIS_PASSWORD", "redis-pa55"}});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  for (const char* line :
       {"remote storage: http://cache.internal:8080/tdm file:///mnt/ci|read-only  (environment "
        "TDM_REMOTE_STORAGE)",
        "remote timeout: 30 s  (environment TDM_REMOTE_TIMEOUT)",
        "remote lease wait: 600 s  (default)",
        "remote token: set (not shown)  (environment TDM_REMOTE_TOKEN)",
        "redis password: set (not shown)  (environment TDM_REDIS_PASSWORD)"}) {
    EXPECT_NE(result.out.find(line), std::string::npos) << line << "\n" << result.out;
  }
  for (const char* secret : {"t0ken-value", "redis-pa55"}) {
    EXPECT_EQ((result.out + result.err).find(secret), std::string::npos) << secret;
  }
  auto defaults = run_tdm({"config", "--name", "app", "--server-dir", "/nonexistent/srv"},
                          {{"TDM_REMOTE_LEASE_WAIT", "90s"}});
  EXPECT_NE(defaults.out.find("remote timeout: 10 s  (default)"), std::string::npos)
      << defaults.out;
  EXPECT_NE(defaults.out.find("remote lease wait: 90 s  (environment TDM_REMOTE_LEASE_WAIT)"),
            std::string::npos)
      << defaults.out;
  EXPECT_NE(defaults.out.find("remote token: (none)"), std::string::npos) << defaults.out;
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
