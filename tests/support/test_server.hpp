#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "connection/connection.hpp"
#include "connection/connection_params.hpp"

namespace tdm::testing {

// The real MariaDB the integration tests run against: the build tree's shared test server
// when the CTest fixture started it, otherwise a private one this process starts once and
// stops by PID at exit.
const ConnectionParams& test_server();

// Directory of that server (for tests that drive `tdm --server-dir`).
const std::string& test_server_dir();

// A database name unique to the running test, ending in "_test" so the safety rule allows it,
// dropped and created empty. `suffix` tells apart several databases of one test.
std::string fresh_database(Connection& connection, std::string_view suffix = "");

// Ends `victim`'s session from another one (KILL) and waits until the server has let it go, as
// a restart or an administrator would: its next statement finds the connection lost.
void kill_session(Connection& victim);

// A local account of the test server for one test: created (replacing one of that name)
// with `authentication` ("IDENTIFIED BY 'pw'", "IDENTIFIED VIA ed25519 USING PASSWORD('pw')"),
// dropped when this goes out of scope, whether the test passed or threw.
class TemporaryAccount {
 public:
  TemporaryAccount(std::string user, std::string password, std::string_view authentication);
  ~TemporaryAccount();
  TemporaryAccount(const TemporaryAccount&) = delete;
  TemporaryAccount& operator=(const TemporaryAccount&) = delete;

  // 'user'@'localhost', for GRANT statements.
  const std::string& account() const { return account_; }
  // The test server as this account, without the option files' credentials.
  ConnectionParams params() const;

 private:
  std::string user_;
  std::string password_;
  std::string account_;
};

// The name fresh_database would use, without creating it.
std::string database_name_for_current_test(std::string_view suffix = "");

// Absolute path of the built `tdm` executable.
std::string tdm_binary();

// A fresh empty temporary directory unique to the running test.
std::string temporary_directory();

// What a run of the `tdm` binary printed and returned.
struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `argv` (a program and its arguments, and extra environment variables) to completion.
// A program killed by a signal exits with 128 + the signal.
CommandResult run_command(const std::vector<std::string>& argv,
                          const std::map<std::string, std::string>& environment = {},
                          const std::string& working_directory = "");

// Runs the built `tdm` with `args` (and extra environment variables) to completion.
CommandResult run_tdm(const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& environment = {},
                      const std::string& working_directory = "");

}  // namespace tdm::testing
