// A failed connect answered by its cause: each client or server error number has its own fix,
// checked against real servers (the test server, and a private one listening on TCP).
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <string>

#include "connection/connection.hpp"
#include "server/embedded_server.hpp"
#include "support/test_files.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

using testing::CommandResult;
using testing::run_tdm;

// Nothing of the caller's: no connection variables, and a HOME without a ~/.my.cnf.
std::map<std::string, std::string> environment(const std::string& home,
                                               const std::string& password = "") {
  return {{"TDM_DATABASE_URL", ""},
          {"TDM_SERVER_DIR", ""},
          {"TDM_DATABASE", ""},
          {"MYSQL_PWD", password},
          {"HOME", home}};
}

// A TCP port on 127.0.0.1 that nothing listens on (bound, then released).
unsigned closed_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof address;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    return 0;
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

CommandResult create_snapshot(const std::string& url, const std::string& home,
                              const std::string& password = "") {
  return run_tdm({"snapshot", "create", "--name", "x", "--dir", home + "/snaps", "--url", url},
                 environment(home, password));
}

std::string fix_of(const CommandResult& result) {
  auto at = result.err.find("; fix: ");
  return at == std::string::npos ? std::string() : result.err.substr(at);
}

TEST(CliConnectionErrors, AWrongPasswordAsksToCheckTheCredentials) {
  std::string home = testing::temporary_directory();
  Connection connection(testing::test_server());
  connection.execute(
      "CREATE OR REPLACE USER 'tdm_password_probe'@'localhost' IDENTIFIED BY "
      "'the-right-one'");
  std::string url =
      "mysql://tdm_password_probe@localhost/x_test?socket=" + testing::test_server().socket;
  auto result = create_snapshot(url, home, "Wr0ngPassw0rd");
  connection.execute("DROP USER IF EXISTS 'tdm_password_probe'@'localhost'");
  EXPECT_EQ(result.exit_code, 4) << result.err;
  EXPECT_NE(result.err.find("(error 1045)"), std::string::npos) << result.err;
  EXPECT_NE(fix_of(result).find("password in MYSQL_PWD"), std::string::npos) << result.err;
  EXPECT_EQ(fix_of(result).find("start the server"), std::string::npos) << result.err;
  EXPECT_EQ((result.out + result.err).find("Wr0ngPassw0rd"), std::string::npos) << result.err;
}

TEST(CliConnectionErrors, AClosedPortAsksToStartTheServerOrCheckHostAndPort) {
  std::string home = testing::temporary_directory();
  unsigned port = closed_port();
  ASSERT_NE(port, 0u);
  auto result = create_snapshot("mysql://root@127.0.0.1:" + std::to_string(port) + "/x_test", home);
  EXPECT_EQ(result.exit_code, 4) << result.err;
  EXPECT_NE(fix_of(result).find("check the host and port (127.0.0.1:" + std::to_string(port)),
            std::string::npos)
      << result.err;
}

TEST(CliConnectionErrors, AMissingSocketAsksToStartTheServer) {
  std::string home = testing::temporary_directory();
  auto result =
      create_snapshot("mysql://root@localhost/x_test?socket=" + home + "/none.sock", home);
  EXPECT_EQ(result.exit_code, 4) << result.err;
  EXPECT_NE(result.err.find("(error 2002)"), std::string::npos) << result.err;
  EXPECT_NE(fix_of(result).find("start the server, or check the socket path"), std::string::npos)
      << result.err;
  EXPECT_EQ(fix_of(result).find("host and port"), std::string::npos) << result.err;
}

TEST(CliConnectionErrors, AnUnknownHostAsksToCheckTheHostName) {
  std::string home = testing::temporary_directory();
  // .invalid never resolves (RFC 2606).
  auto result = create_snapshot("mysql://root@tdm-no-such-host.invalid/x_test", home);
  EXPECT_EQ(result.exit_code, 4) << result.err;
  EXPECT_NE(result.err.find("(error 2005)"), std::string::npos) << result.err;
  EXPECT_NE(fix_of(result).find("check the host name 'tdm-no-such-host.invalid'"),
            std::string::npos)
      << result.err;
  EXPECT_EQ(fix_of(result).find("start the server"), std::string::npos) << result.err;
}

TEST(CliConnectionErrors, AnUnknownDatabaseAsksToCreateIt) {
  std::string home = testing::temporary_directory();
  auto result = run_tdm(
      {"entities", "--map", "t:k", "--url",
       "mysql://root@localhost/tdm_no_such_database_test?socket=" + testing::test_server().socket},
      environment(home));
  EXPECT_EQ(result.exit_code, 9) << result.err;
  EXPECT_NE(result.err.find("(error 1049)"), std::string::npos) << result.err;
  EXPECT_NE(fix_of(result).find("create the database 'tdm_no_such_database_test'"),
            std::string::npos)
      << result.err;
}

// The embedded server has no certificate, so asking it for verified TLS fails in the TLS layer
// with the same client error (2026) as a certificate the CA does not sign.
TEST(CliConnectionErrors, ATlsFailureAsksToCheckTheCertificatesNotToStartTheServer) {
  std::string home = testing::temporary_directory();
  unsigned port = closed_port();
  ASSERT_NE(port, 0u);
  ServerStartOptions options;
  options.dir = home + "/srv";
  options.tcp_port = port;
  options.template_cache = std::filesystem::path(home) / "cache";
  EmbeddedServer::start(options);
  struct StopAtExit {
    std::string dir;
    ~StopAtExit() { EmbeddedServer::stop(dir); }
  } stop_at_exit{home + "/srv"};
  testing::write_test_file(home + "/bogus-ca.pem",
                           "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n"
                           "-----END CERTIFICATE-----\n");

  auto result =
      create_snapshot("mysql://root@127.0.0.1:" + std::to_string(port) + "/x_test?ssl-ca=" + home +
                          "/bogus-ca.pem&ssl-verify-server-cert=1",
                      home);
  EXPECT_EQ(result.exit_code, 4) << result.err;
  EXPECT_NE(result.err.find("(error 2026)"), std::string::npos) << result.err;
  EXPECT_NE(fix_of(result).find("check the TLS settings: ssl-ca (" + home + "/bogus-ca.pem)"),
            std::string::npos)
      << result.err;
  EXPECT_EQ(fix_of(result).find("start the server"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace tdm
