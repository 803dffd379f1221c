#include "support/test_server.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>
#include <utility>

#include "core/error.hpp"
#include "core/files.hpp"
#include "process/child_process.hpp"
#include "server/embedded_server.hpp"

namespace tdm::testing {

namespace fs = std::filesystem;

namespace {

// Owns the server only when this process started it.
class TestServer {
 public:
  TestServer() {
    if (EmbeddedServer::status(TDM_TEST_SERVER_DIR).running) {
      dir_ = TDM_TEST_SERVER_DIR;
      return;
    }
    dir_ = "/tmp/tdm-itest-" + std::to_string(::getpid());
    ServerStartOptions options;
    options.dir = dir_;
    EmbeddedServer::start(options);
    owned_ = true;
  }
  ~TestServer() {
    if (!owned_) return;
    try {
      EmbeddedServer::stop(dir_);
      fs::remove_all(dir_);
    } catch (...) {
    }
  }
  const std::string& dir() const { return dir_; }

 private:
  std::string dir_;
  bool owned_ = false;
};

TestServer& server() {
  static TestServer instance;
  return instance;
}

std::string sanitize(std::string_view text) {
  std::string out;
  for (char c : text) {
    out += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
  }
  return out;
}

// Removes the temporary directories of this test process when it exits.
class TemporaryDirectories {
 public:
  ~TemporaryDirectories() {
    std::error_code ignored;
    for (const auto& dir : dirs_) fs::remove_all(dir, ignored);
  }
  void add(const fs::path& dir) { dirs_.push_back(dir); }

 private:
  std::vector<fs::path> dirs_;
};

TemporaryDirectories& temporary_directories() {
  static TemporaryDirectories instance;
  return instance;
}

}  // namespace

const std::string& test_server_dir() {
  return server().dir();
}

const ConnectionParams& test_server() {
  static const ConnectionParams params = EmbeddedServer::connection(server().dir());
  return params;
}

std::string database_name_for_current_test(std::string_view suffix) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  std::string name = sanitize(std::string(info->test_suite_name()) + "_" + info->name());
  // Short enough that a suffix and "_test" keep it within tdm's 48 characters.
  if (name.size() > 30)
    name = name.substr(0, 23) + "_" + std::to_string(std::hash<std::string>{}(name) % 1000000);
  if (!suffix.empty()) name += "_" + sanitize(suffix);
  return name + "_test";
}

std::string fresh_database(Connection& connection, std::string_view suffix) {
  std::string name = database_name_for_current_test(suffix);
  connection.execute("DROP DATABASE IF EXISTS " + Connection::quote_identifier(name));
  connection.execute("CREATE DATABASE " + Connection::quote_identifier(name));
  return name;
}

TemporaryAccount::TemporaryAccount(std::string user, std::string password,
                                   std::string_view authentication)
    : user_(std::move(user)),
      password_(std::move(password)),
      account_("'" + user_ + "'@'localhost'") {
  Connection(test_server())
      .execute("CREATE OR REPLACE USER " + account_ + " " + std::string(authentication));
}

TemporaryAccount::~TemporaryAccount() {
  // A failed drop is reported, not thrown: a destructor that throws would end the test binary.
  try {
    Connection(test_server()).execute("DROP USER IF EXISTS " + account_);
  } catch (const Error& error) {
    ADD_FAILURE() << "could not drop " << account_ << ": " << error.what();
  }
}

ConnectionParams TemporaryAccount::params() const {
  ConnectionParams params = test_server();
  params.user = user_;
  params.password = password_;
  params.read_option_files = false;
  return params;
}

void kill_session(Connection& victim) {
  std::string id = victim.scalar("SELECT CONNECTION_ID()").value();
  Connection killer(test_server());
  killer.execute("KILL CONNECTION " + id);
  // KILL only marks the session; it is gone once the processlist no longer shows it.
  for (int wait = 0; wait < 500; ++wait) {
    if (killer.scalar("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = " + id) ==
        "0") {
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  FAIL() << "session " << id << " outlived its KILL by 5 s";
}

std::string tdm_binary() {
  return TDM_BINARY;
}

std::string temporary_directory() {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  fs::path dir = fs::temp_directory_path() /
                 ("tdm-" + sanitize(std::string(info->test_suite_name()) + "_" + info->name()) +
                  "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  temporary_directories().add(dir);
  return dir.string();
}

CommandResult run_command(const std::vector<std::string>& argv,
                          const std::map<std::string, std::string>& environment,
                          const std::string& working_directory) {
  static int counter = 0;
  fs::path dir = fs::temp_directory_path() /
                 ("tdm-run-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
  fs::create_directories(dir);
  ProcessSpec spec;
  spec.argv = argv;
  spec.environment = environment;
  spec.working_directory = working_directory;
  spec.stdout_path = (dir / "out").string();
  spec.stderr_path = (dir / "err").string();
  CommandResult result;
  result.exit_code = run_to_completion(spec);
  result.out = fs::exists(dir / "out") ? read_file(dir / "out") : "";
  result.err = fs::exists(dir / "err") ? read_file(dir / "err") : "";
  fs::remove_all(dir);
  return result;
}

CommandResult run_tdm(const std::vector<std::string>& args,
                      const std::map<std::string, std::string>& environment,
                      const std::string& working_directory) {
  std::vector<std::string> argv{tdm_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, environment, working_directory);
}

}  // namespace tdm::testing
