// Database URLs as the `tdm` binary answers them: a password is refused and never shown, a
// malformed URL is exit 3 with one line rather than a silent default.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli_input.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

using testing::clean_environment;
using testing::lines;
using testing::run_tdm;

const std::vector<std::string> kSecretUrls = {
    "mysql://u:Hunter2@localhost/x_test",
    "mysql://u:Hunt%65r2@localhost/x_test",
    "mysql://u@localhost/x_test?password=Hunter2",
    "mysql://u@localhost/x_test?socket=/tmp/s.sock&password=Hunt%65r2",
    "mysql://u:Hunter2/x_test",
};

void expect_no_secret(const testing::CommandResult& result, const std::string& what) {
  for (const char* secret : {"Hunter2", "Hunt%65r2", "Hunt"}) {
    EXPECT_EQ(result.err.find(secret), std::string::npos) << what << ": " << result.err;
    EXPECT_EQ(result.out.find(secret), std::string::npos) << what << ": " << result.out;
  }
}

TEST(CliDatabaseUrl, APasswordInTheUrlIsRefusedWithoutBeingShown) {
  for (const std::string& url : kSecretUrls) {
    auto by_flag =
        run_tdm({"snapshot", "create", "--name", "x", "--url", url}, clean_environment());
    EXPECT_EQ(by_flag.exit_code, 3) << url << ": " << by_flag.err;
    EXPECT_NE(by_flag.err.find("***"), std::string::npos) << by_flag.err;
    expect_no_secret(by_flag, url);

    auto by_environment = run_tdm({"seed", "--sql-dir", "/nonexistent"},
                                  clean_environment({{"TDM_DATABASE_URL", url}}));
    EXPECT_EQ(by_environment.exit_code, 3) << url << ": " << by_environment.err;
    EXPECT_NE(by_environment.err.find("TDM_DATABASE_URL"), std::string::npos) << by_environment.err;
    expect_no_secret(by_environment, url);
  }
}

TEST(CliDatabaseUrl, APasswordUrlWhereTheCommandLineParserEchoesItIsRedactedToo) {
  const std::string url = "mysql://u:Hunter2@localhost/x_test";
  auto extra = run_tdm({"snapshot", "create", "--name", "x", url}, clean_environment());
  EXPECT_EQ(extra.exit_code, 2) << extra.err;
  expect_no_secret(extra, "extra argument");
  auto verb = run_tdm({url}, clean_environment());
  EXPECT_EQ(verb.exit_code, 2) << verb.err;
  expect_no_secret(verb, "as a verb");
  auto equals = run_tdm({"snapshot", "create", "--name", "x", "--url=" + url, "--bogus"},
                        clean_environment());
  EXPECT_EQ(equals.exit_code, 2) << equals.err;
  expect_no_secret(equals, "with an unknown option");
}

// `tdm config` echoes the server it would use: never with a password.
TEST(CliDatabaseUrl, ConfigShowsTheServerUrlOnlyWithoutAPassword) {
  for (const std::string& url : kSecretUrls) {
    auto by_flag = run_tdm({"config", "--name", "app", "--url", url}, clean_environment());
    EXPECT_EQ(by_flag.exit_code, 3) << url << ": " << by_flag.err;
    expect_no_secret(by_flag, "config --url " + url);
    auto by_environment =
        run_tdm({"config", "--name", "app"}, clean_environment({{"TDM_DATABASE_URL", url}}));
    EXPECT_EQ(by_environment.exit_code, 3) << url << ": " << by_environment.err;
    expect_no_secret(by_environment, "config with TDM_DATABASE_URL " + url);
  }
  auto shown = run_tdm({"config", "--name", "app"},
                       clean_environment({{"TDM_DATABASE_URL", "mysql://app@[::1]:3307/shop_test"},
                                          {"MYSQL_PWD", "Hunter2"}}));
  EXPECT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("server: mysql://app@[::1]:3307/shop_test  (environment "
                           "TDM_DATABASE_URL)"),
            std::string::npos)
      << shown.out;
  expect_no_secret(shown, "config with MYSQL_PWD");
}

TEST(CliDatabaseUrl, MalformedUrlsAreExitThreeWithOneLine) {
  for (const char* url : {"mysql://", "mysql://@/", "mysql://root@localhost/x_test?socket=",
                          "mysql://root@[::1/x_test", "mysql://root@localhost/x_test?colour=red",
                          "mysql://root@localhost:/x_test"}) {
    auto result = run_tdm({"snapshot", "create", "--name", "x", "--url", url}, clean_environment());
    EXPECT_EQ(result.exit_code, 3) << url << ": " << result.err;
    EXPECT_EQ(result.err.find("tdm: error: invalid database URL"), 0u) << result.err;
    EXPECT_EQ(lines(result.err), 1u) << result.err;
  }
}

}  // namespace
}  // namespace tdm
