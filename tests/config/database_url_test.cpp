#include "connection/database_url.hpp"

#include <gtest/gtest.h>

#include "config/connection_resolver.hpp"
#include "connection/connection_environment.hpp"
#include "core/error.hpp"

namespace tdm {
namespace {

ExitCode code_of(const std::string& url) {
  try {
    parse_database_url(url);
  } catch (const Error& error) {
    return error.code();
  }
  return ExitCode::kOk;
}

TEST(DatabaseUrl, ParsesHostPortUserAndDatabase) {
  ConnectionParams params = parse_database_url("mysql://app@db.example:3307/shop_test");
  EXPECT_EQ(params.user, "app");
  EXPECT_EQ(params.host, "db.example");
  EXPECT_EQ(params.port, 3307u);
  EXPECT_EQ(params.database, "shop_test");
  EXPECT_FALSE(params.password.has_value());
}

TEST(DatabaseUrl, ParsesASocketAndTlsOptions) {
  ConnectionParams params = parse_database_url(
      "mariadb://root@localhost/app_test?socket=/tmp/my%20dir/mysqld.sock&ssl-ca=/"
      "ca.pem&ssl-verify-"
      "server-cert=1");
  EXPECT_EQ(params.socket, "/tmp/my dir/mysqld.sock");
  EXPECT_EQ(params.ssl_ca, "/ca.pem");
  EXPECT_TRUE(params.ssl_verify_server_cert);
  EXPECT_EQ(params.database, "app_test");
}

TEST(DatabaseUrl, RefusesAPasswordAnywhereInTheUrl) {
  try {
    parse_database_url("mysql://app:secret@db/shop_test");
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kInvalidInput);
    EXPECT_NE(std::string(error.what()).find("MYSQL_PWD"), std::string::npos);
  }
  EXPECT_EQ(code_of("mysql://app@db/shop_test?password=x"), ExitCode::kInvalidInput);
}

TEST(DatabaseUrl, NeverEchoesThePasswordItRefuses) {
  for (const char* url :
       {"mysql://u:Hunter2@localhost/x_test", "mysql://u:Hunt%65r2@localhost/x_test",
        "mysql://u@localhost/x_test?password=Hunter2",
        "mysql://u@localhost/x_test?socket=/s&Password=Hunter2",
        "mysql://u:Hun/ter2@localhost/x_test", "mysql://u:Hunter2/x_test",
        "mysql://u@localhost/x_test?pass%77ord=Hunter2"}) {
    try {
      parse_database_url(url, "--url");
      ADD_FAILURE() << "accepted " << url;
    } catch (const Error& error) {
      std::string message = error.what();
      EXPECT_EQ(error.code(), ExitCode::kInvalidInput) << message;
      EXPECT_EQ(message.find("Hun"), std::string::npos) << message;
      EXPECT_EQ(message.find("ter2"), std::string::npos) << message;
      EXPECT_NE(message.find("--url"), std::string::npos) << message;
    }
  }
}

TEST(DatabaseUrl, RefusesWhatItWouldOtherwiseFillInWithDefaults) {
  for (const char* url :
       {"mysql://", "mysql://@/", "mysql:///x_test", "mysql://@localhost/x_test",
        "mysql://u@/x_test", "mysql://u@h:/x_test", "mysql://u@h/x_test?socket=",
        "mysql://u@h/x_test?socket", "mysql://u@h/x_test?socket=/a&socket=/b",
        "mysql://u@h/x_test?&socket=/a", "mysql://u@h/x_test?socket=/a&",
        "mysql://u@h/x_test?ssl-ca=", "mysql://u@h/x_test?ssl-verify-server-cert=yes",
        "mysql://u@h/x_test?ssl-verify-server-cert=1", "mysql://u@h/x_test?ssl-cert=/c.pem",
        "mysql://u@h/x_test#top", "mysql://u@h/a@b_test", "mysql://u@h a/x_test"}) {
    EXPECT_EQ(code_of(url), ExitCode::kInvalidInput) << url;
  }
}

TEST(DatabaseUrl, ParsesBracketedIpv6HostsAndRefusesAnUnclosedBracket) {
  ConnectionParams params = parse_database_url("mysql://root@[::1]:3307/x_test");
  EXPECT_EQ(params.host, "::1");
  EXPECT_EQ(params.port, 3307u);
  EXPECT_EQ(parse_database_url("mysql://root@[fe80::1]/x_test").host, "fe80::1");
  EXPECT_EQ(format_database_url(params), "mysql://root@[::1]:3307/x_test");
  EXPECT_EQ(parse_database_url(format_database_url(params)).host, "::1");
  for (const char* url :
       {"mysql://root@[::1/x", "mysql://root@::1/x_test", "mysql://root@[::1]x/x_test",
        "mysql://root@[]/x_test", "mysql://root@[host]/x_test", "mysql://root@h]/x_test"}) {
    EXPECT_EQ(code_of(url), ExitCode::kInvalidInput) << url;
  }
}

TEST(DatabaseUrl, ChecksTheDatabaseName) {
  EXPECT_EQ(code_of("mysql://u@h/" + std::string(44, 'a') + "_test"), ExitCode::kInvalidInput);
  EXPECT_EQ(code_of("mysql://u@h/" + std::string(43, 'a') + "_test"), ExitCode::kOk);
  EXPECT_EQ(code_of("mysql://u@h/x_test%0A"), ExitCode::kInvalidInput);
  EXPECT_EQ(code_of("mysql://u@h/a%40b_test"), ExitCode::kOk);
}

TEST(DatabaseUrl, RejectsMalformedUrlsWithTheReason) {
  EXPECT_EQ(code_of("postgres://u@h/db"), ExitCode::kInvalidInput);
  EXPECT_EQ(code_of("db.example:3306/shop"), ExitCode::kInvalidInput);
  EXPECT_EQ(code_of("mysql://u@h:99999/db"), ExitCode::kInvalidInput);
  EXPECT_EQ(code_of("mysql://u@h:abc/db"), ExitCode::kInvalidInput);
  EXPECT_EQ(code_of("mysql://u@h/db?colour=red"), ExitCode::kInvalidInput);
  EXPECT_EQ(code_of("mysql://u@h/d%zzb"), ExitCode::kInvalidInput);
}

TEST(DatabaseUrl, FormatsWithoutAPassword) {
  ConnectionParams params = parse_database_url("mysql://root@localhost/app_test?socket=/s.sock");
  params.password = "secret";
  std::string url = format_database_url(params);
  EXPECT_EQ(url, "mysql://root@localhost/app_test?socket=/s.sock");
  EXPECT_EQ(url.find("secret"), std::string::npos);
}

TEST(ConnectionResolver, UrlFlagWinsThenServerDirThenEnvironment) {
  Environment env(std::map<std::string, std::string>{
      {"TDM_DATABASE_URL", "mysql://envuser@envhost/env_test"}, {"MYSQL_PWD", "pw"}});
  ConnectionParams from_env = resolve_connection({}, env);
  EXPECT_EQ(from_env.host, "envhost");
  EXPECT_EQ(from_env.password.value_or(""), "pw");

  ConnectionParams from_flag = resolve_connection({.url = "mysql://u@flaghost/flag_test"}, env);
  EXPECT_EQ(from_flag.host, "flaghost");

  ConnectionParams embedded = resolve_connection({.server_dir = "/tmp/srv"}, env);
  EXPECT_EQ(embedded.socket, "/tmp/srv/mysqld.sock");
  EXPECT_FALSE(embedded.password.has_value());  // the private server has none
}

TEST(ConnectionResolver, DatabaseFlagWinsOverUrlAndEnvironment) {
  Environment env(std::map<std::string, std::string>{{"TDM_DATABASE", "fallback_test"}});
  EXPECT_EQ(resolve_connection({.server_dir = "/tmp/srv"}, env).database, "fallback_test");
  EXPECT_EQ(resolve_connection({.url = "mysql://u@h/url_test"}, env).database, "url_test");
  EXPECT_EQ(
      resolve_connection({.url = "mysql://u@h/url_test", .database = "flag_test"}, env).database,
      "flag_test");
}

TEST(ConnectionResolver, ChecksTheDatabaseNameFromEverySource) {
  std::string long_name = std::string(60, 'a') + "_test";
  Environment env(std::map<std::string, std::string>{{"TDM_DATABASE", long_name}});
  auto code = [&](const ConnectionFlags& flags, const Environment& environment) {
    try {
      resolve_connection(flags, environment);
    } catch (const Error& error) {
      return error.code();
    }
    return ExitCode::kOk;
  };
  EXPECT_EQ(code({.server_dir = "/tmp/srv"}, env), ExitCode::kInvalidInput);
  EXPECT_EQ(code({.server_dir = "/tmp/srv", .database = long_name}, {}), ExitCode::kInvalidInput);
  EXPECT_EQ(code({.url = "mysql://u@h/" + long_name}, {}), ExitCode::kInvalidInput);
  EXPECT_EQ(code({.server_dir = "/tmp/srv", .database = "short_test"}, env), ExitCode::kOk);
}

TEST(ConnectionResolver, NamesWhereABadUrlCameFrom) {
  Environment env(
      std::map<std::string, std::string>{{"TDM_DATABASE_URL", "mysql://u:Hunter2@h/x_test"}});
  try {
    resolve_connection({}, env);
    FAIL() << "expected an error";
  } catch (const Error& error) {
    std::string message = error.what();
    EXPECT_NE(message.find("TDM_DATABASE_URL"), std::string::npos) << message;
    EXPECT_NE(message.find("mysql://u:***@h/x_test"), std::string::npos) << message;
  }
}

TEST(ConnectionResolver, FallsBackToTheStandardClientVariables) {
  Environment env(std::map<std::string, std::string>{
      {"MYSQL_HOST", "h"}, {"MYSQL_TCP_PORT", "3310"}, {"MYSQL_UNIX_PORT", "/s"}});
  ConnectionParams params = resolve_connection({}, env);
  EXPECT_EQ(params.host, "h");
  EXPECT_EQ(params.port, 3310u);
  EXPECT_EQ(params.socket, "/s");
  EXPECT_TRUE(params.read_option_files);
  EXPECT_THROW(resolve_connection(
                   {}, Environment(std::map<std::string, std::string>{{"MYSQL_TCP_PORT", "x"}})),
               Error);
}

TEST(ConnectionResolver, HandsTestsTheConnectionWithoutPuttingThePasswordInTheUrl) {
  ConnectionParams params = parse_database_url("mysql://app@db:3306/shop_test");
  params.password = "secret";
  auto vars = connection_environment(params);
  EXPECT_EQ(vars["TDM_DATABASE"], "shop_test");
  EXPECT_EQ(vars["TDM_DB_HOST"], "db");
  EXPECT_EQ(vars["TDM_DB_PORT"], "3306");
  EXPECT_EQ(vars["TDM_DB_USER"], "app");
  EXPECT_EQ(vars["MYSQL_PWD"], "secret");
  EXPECT_EQ(vars["DATABASE_URL"].find("secret"), std::string::npos);
}

}  // namespace
}  // namespace tdm
