// A seed command's processes against the real tdm and server: they die with tdm however tdm
// ends (kill -9, a signal, the seed timeout), and leave no lock behind.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "connection/connection.hpp"
#include "core/files.hpp"
#include "process/child_process.hpp"
#include "seed_test_files.hpp"
#include "state/bookkeeping.hpp"
#include "support/processes.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// A seed that never ends by itself, with something it started in the background: it writes
// both PIDs (the background one first) to files in its working directory.
const std::vector<std::string> kLingeringSeed = {
    "--", "sh", "-c", "sleep 300 & echo $! > grandchild.pid; echo $$ > child.pid; wait"};

struct Pids {
  std::optional<pid_t> child;
  std::optional<pid_t> grandchild;
};

class SeedProcessTest : public ::testing::Test {
 protected:
  SeedProcessTest()
      : connection_(testing::test_server()),
        database_(testing::database_name_for_current_test()),
        dir_(testing::temporary_directory()) {}
  ~SeedProcessTest() override {
    testing::kill_if_running(pids_.child);
    testing::kill_if_running(pids_.grandchild);
    connection_.execute("DROP DATABASE IF EXISTS " + Connection::quote_identifier(database_));
    Bookkeeping(connection_).forget(database_);
    fs::remove_all(dir_);
  }

  // `tdm <verb> <arguments>` on the test database, with the caller's connection and timeout
  // settings cleared and `environment` added; output to files in the test's directory.
  ProcessSpec tdm(const std::string& verb, const std::vector<std::string>& arguments,
                  const std::map<std::string, std::string>& environment = {}) {
    ProcessSpec spec;
    spec.argv = {testing::tdm_binary(),      verb,         "--server-dir",
                 testing::test_server_dir(), "--database", database_};
    spec.argv.insert(spec.argv.end(), arguments.begin(), arguments.end());
    for (const char* name :
         {"TDM_DATABASE_URL", "TDM_SERVER_DIR", "TDM_DATABASE", "TDM_MODE", "TDM_TEST_DB_PATTERNS",
          "TDM_TEST_DATABASES", "TDM_LOCK_TIMEOUT", "TDM_SEED_TIMEOUT"}) {
      spec.environment[name] = "";
    }
    for (const auto& [name, value] : environment) spec.environment[name] = value;
    spec.stdout_path = (dir_ / "stdout.txt").string();
    spec.stderr_path = (dir_ / "stderr.txt").string();
    fs::remove(spec.stdout_path);
    fs::remove(spec.stderr_path);
    return spec;
  }

  // `options`, then the lingering seed, run in the test's directory.
  std::vector<std::string> lingering(std::vector<std::string> options = {}) {
    options.insert(options.end(), {"--working-directory", dir_.string()});
    options.insert(options.end(), kLingeringSeed.begin(), kLingeringSeed.end());
    return options;
  }

  std::string stderr_text() { return testing::read_bytes(dir_ / "stderr.txt"); }

  // The PIDs the lingering seed wrote, once it did (both empty when tdm ended first).
  Pids lingering_pids(ChildProcess& tdm) {
    auto deadline = std::chrono::steady_clock::now() + 60s;
    while (!fs::exists(dir_ / "child.pid") && std::chrono::steady_clock::now() < deadline) {
      if (tdm.poll()) return {};
      std::this_thread::sleep_for(20ms);
    }
    pids_.child = testing::pid_from_file(dir_ / "child.pid", 5s);
    pids_.grandchild = testing::pid_from_file(dir_ / "grandchild.pid", 5s);
    return pids_;
  }

  // The lingering seed's PIDs after tdm has ended.
  Pids pids_left() {
    pids_.child = testing::pid_from_file(dir_ / "child.pid", 0ms);
    pids_.grandchild = testing::pid_from_file(dir_ / "grandchild.pid", 0ms);
    return pids_;
  }

  void expect_all_gone(const Pids& pids, std::chrono::milliseconds limit) {
    ASSERT_TRUE(pids.child && pids.grandchild) << "the seed command did not start";
    EXPECT_TRUE(testing::process_gone_within(*pids.child, limit))
        << "the seed command (pid " << *pids.child << ") outlived tdm";
    EXPECT_TRUE(testing::process_gone_within(*pids.grandchild, limit))
        << "what the seed command started (pid " << *pids.grandchild << ") outlived tdm";
  }

  // Another seed of the same database must get its lock at once.
  void expect_next_seed_gets_the_lock() {
    fs::path sql = dir_ / "sql";
    testing::write_test_file(sql / "001.sql", "CREATE TABLE after (id INT);");
    int code =
        run_to_completion(tdm("seed", {"--sql-dir", sql.string()}, {{"TDM_LOCK_TIMEOUT", "2"}}));
    EXPECT_EQ(code, 0) << "the next tdm on " << database_ << ": " << stderr_text();
  }

  std::optional<DatabaseState> recorded_state() {
    auto record = Bookkeeping(connection_).read(database_);
    return record ? std::optional(record->state) : std::nullopt;
  }

  Connection connection_;
  std::string database_;
  fs::path dir_;
  Pids pids_;
};

TEST_F(SeedProcessTest, KillMinus9OfTdmEndsTheSeedCommandAndWhatItStartedAndFreesTheLock) {
  ChildProcess tdm_seed(tdm("seed", lingering()));
  Pids pids = lingering_pids(tdm_seed);
  ASSERT_TRUE(pids.child && pids.grandchild) << stderr_text();
  ::kill(tdm_seed.pid(), SIGKILL);
  EXPECT_EQ(tdm_seed.wait(), 128 + SIGKILL);
  expect_all_gone(pids, 5s);
  expect_next_seed_gets_the_lock();
}

class SeedSignalTest : public SeedProcessTest, public ::testing::WithParamInterface<int> {};

TEST_P(SeedSignalTest, ASignalEndsTheSeedCommandAndTdmWithOneLineAnd128PlusN) {
  int signal_number = GetParam();
  struct sigaction ours {};
  ::sigaction(signal_number, nullptr, &ours);
  if (ours.sa_handler == SIG_IGN) {
    GTEST_SKIP() << "signal " << signal_number << " is ignored here, and so by tdm";
  }
  ChildProcess tdm_seed(tdm("seed", lingering()));
  Pids pids = lingering_pids(tdm_seed);
  ASSERT_TRUE(pids.child && pids.grandchild) << stderr_text();
  ::kill(tdm_seed.pid(), signal_number);
  EXPECT_EQ(tdm_seed.wait(), 128 + signal_number);
  std::string name = signal_number == SIGTERM ? "SIGTERM" : "SIGINT";
  EXPECT_EQ(stderr_text(), "tdm: interrupted by " + name + " while seeding '" + database_ +
                               "'; it is marked 'seeding' and will not be trusted: run the seed "
                               "or the fixture setup again\n");
  expect_all_gone(pids, 5s);
  EXPECT_EQ(recorded_state(), DatabaseState::kSeeding);
  expect_next_seed_gets_the_lock();
}

INSTANTIATE_TEST_SUITE_P(Signals, SeedSignalTest, ::testing::Values(SIGTERM, SIGINT),
                         [](const auto& info) {
                           return std::string(info.param == SIGTERM ? "Sigterm" : "Sigint");
                         });

TEST_F(SeedProcessTest, TheSeedTimeoutEndsTheCommandAndEverythingItStarted) {
  auto started = std::chrono::steady_clock::now();
  int code = run_to_completion(tdm("seed", lingering({"--seed-timeout", "1"})));
  EXPECT_EQ(code, 7) << stderr_text();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 30s);
  EXPECT_NE(stderr_text().find("tdm: error: seed command 'sh -c sleep 300 & echo $! > "
                               "grandchild.pid; echo $$ > child....' did not finish within 1s; "
                               "it was ended with every process it started; fix: "),
            std::string::npos)
      << stderr_text();
  EXPECT_NE(stderr_text().find("--seed-timeout, TDM_SEED_TIMEOUT or SEED_TIMEOUT"),
            std::string::npos);
  expect_all_gone(pids_left(), 1s);
  EXPECT_EQ(recorded_state(), DatabaseState::kSeeding);
}

TEST_F(SeedProcessTest, TheFixtureSetupTakesTheSeedTimeoutFromTheEnvironment) {
  testing::write_test_file(dir_ / "inputs" / "seed.txt", "seed\n");
  std::vector<std::string> arguments =
      lingering({"--name", "proc", "--dir", (dir_ / "snapshots").string(), "--inputs", "inputs",
                 "--base", dir_.string()});
  int code = run_to_completion(
      tdm("bootstrap", arguments, {{"TDM_MODE", "DYNAMIC"}, {"TDM_SEED_TIMEOUT", "1"}}));
  EXPECT_EQ(code, 7) << stderr_text();
  EXPECT_NE(stderr_text().find("did not finish within 1s"), std::string::npos) << stderr_text();
  expect_all_gone(pids_left(), 1s);
}

TEST_F(SeedProcessTest, AMalformedSeedTimeoutIsRefusedNamingWhereItCameFrom) {
  int code = run_to_completion(tdm("seed", {"--", "true"}, {{"TDM_SEED_TIMEOUT", "soon"}}));
  EXPECT_EQ(code, 3);
  EXPECT_NE(stderr_text().find("TDM_SEED_TIMEOUT 'soon' is not a duration"), std::string::npos)
      << stderr_text();
  code = run_to_completion(tdm("seed", {"--seed-timeout", "1 hour", "--", "true"}));
  EXPECT_EQ(code, 3);
  EXPECT_NE(stderr_text().find("--seed-timeout '1 hour' is not a duration"), std::string::npos)
      << stderr_text();
}

}  // namespace
}  // namespace tdm
