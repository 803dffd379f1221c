// Remote snapshot stores end to end, through the `tdm` binary against the real MariaDB and
// nginx: runners are separate snapshot directories and databases sharing one store.
#include <gtest/gtest.h>

#include <algorithm>
#include <future>

#include "connection/connection.hpp"
#include "storage/nginx_store.hpp"
#include "support/redis_server.hpp"
#include "support/test_files.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;

std::size_t count_of(const std::string& text, const std::string& part) {
  std::size_t count = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++count;
  return count;
}

// One fixture whose seed command counts its runs in `seeds.log`; each runner bootstraps it
// with its own snapshot directory and database.
class RemoteSnapshots : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::write_test_file(dir / "model/001.sql", "-- the data model\n");
    std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    store_url =
        testing::NginxStore::instance().url() + "/e2e/" + test + "-" + std::to_string(::getpid());
  }

  std::vector<std::string> bootstrap_args(const std::string& runner) {
    std::string database = testing::fresh_database(connection, runner);
    return {"bootstrap",
            "--name",
            "shared",
            "--version",
            "1.0.0",
            "--dir",
            (dir / runner / "snapshots").string(),
            "--inputs",
            "model",
            "--base",
            dir.string(),
            "--server-dir",
            testing::test_server_dir(),
            "--database",
            database,
            "--",
            "sh",
            "-c",
            "echo seeded >> " + (dir / "seeds.log").string() +
                " && mariadb --socket=\"$TDM_DB_SOCKET\" -uroot \"$TDM_DATABASE\" -e \"CREATE "
                "TABLE t (id INT PRIMARY KEY, v VARCHAR(20)); INSERT INTO t VALUES (1, 'one'), "
                "(2, 'two');\""};
  }

  CommandResult bootstrap(const std::string& runner, std::map<std::string, std::string> env = {}) {
    env.emplace("TDM_REMOTE_STORAGE", store_url);
    env.emplace("TDM_MODE", "AUTO");
    return testing::run_tdm(bootstrap_args(runner), env);
  }

  std::size_t seeds() const { return count_of(testing::read_bytes(dir / "seeds.log"), "seeded"); }

  // The file nginx keeps the store's only payload in.
  fs::path stored_payload() const {
    fs::path cas = testing::NginxStore::instance().file_of(
        store_url.substr(testing::NginxStore::instance().url().size()) + "/cas");
    for (const auto& entry : fs::directory_iterator(cas)) return entry.path();
    return {};
  }

  // Where the store keeps its objects on disk (nginx's directory, or the file store's).
  fs::path store_directory(const std::string& sub) const {
    if (store_url.rfind("file://", 0) == 0) return fs::path(store_url.substr(7)) / sub;
    return testing::NginxStore::instance().file_of(
        store_url.substr(testing::NginxStore::instance().url().size()) + "/" + sub);
  }
  fs::path cas_directory() const { return store_directory("cas"); }

  // The tablespace copies' objects the store holds (manifests and files).
  std::size_t tablespace_objects() const {
    std::size_t count = 0;
    fs::path copies = store_directory("tablespaces");
    if (!fs::exists(copies)) return 0;
    for (const auto& entry : fs::recursive_directory_iterator(copies)) {
      count += entry.is_regular_file() ? 1 : 0;
    }
    return count;
  }

  // Two snapshots of one name, tier and version (the model changed between them): prune
  // --remote keeps the newer one and its payload only, and a read-only store is not touched.
  void expect_remote_prune_keeps_the_newest() {
    ASSERT_EQ(bootstrap("a").exit_code, 0);
    testing::write_test_file(dir / "model/001.sql", "-- the data model, changed\n");
    CommandResult newer = bootstrap("b");
    ASSERT_EQ(newer.exit_code, 0) << newer.err;
    const std::size_t at = newer.err.find("tdm: uploaded shared-") + 14;
    const std::string newer_id = newer.err.substr(at, newer.err.find(" to ", at) - at);
    const std::map<std::string, std::string> env{{"TDM_REMOTE_STORAGE", store_url}};
    auto listing = [&] { return testing::run_tdm({"snapshot", "list", "--remote"}, env).out; };
    ASSERT_NE(listing().find(": 2 snapshots"), std::string::npos) << listing();
    ASSERT_EQ(tablespace_objects(), 6u);  // each payload's copies: a manifest, a .ibd, a .cfg

    CommandResult skipped = testing::run_tdm({"snapshot", "prune", "--remote", "--keep", "1"},
                                             {{"TDM_REMOTE_STORAGE", store_url + "|read-only"}});
    EXPECT_EQ(skipped.exit_code, 0) << skipped.err;
    EXPECT_NE(skipped.err.find("is read-only -> skipped"), std::string::npos) << skipped.err;
    EXPECT_NE(listing().find(": 2 snapshots"), std::string::npos) << listing();

    CommandResult pruned = testing::run_tdm({"snapshot", "prune", "--remote", "--keep", "1"}, env);
    EXPECT_EQ(pruned.exit_code, 0) << pruned.err;
    EXPECT_EQ(count_of(pruned.out, "removed " + store_url + "/snapshots/"), 1u) << pruned.out;
    EXPECT_EQ(count_of(pruned.out, "removed " + store_url + "/cas/"), 1u) << pruned.out;
    std::string listed = listing();
    EXPECT_NE(listed.find(": 1 snapshot\n  " + newer_id + "\n"), std::string::npos) << listed;
    EXPECT_EQ(std::distance(fs::directory_iterator(cas_directory()), fs::directory_iterator()), 1);
    EXPECT_EQ(tablespace_objects(), 3u);  // the newer payload's: a manifest, a .ibd, a .cfg

    CommandResult aged =
        testing::run_tdm({"snapshot", "prune", "--remote", "--older-than", "0s"}, env);
    EXPECT_EQ(aged.exit_code, 0) << aged.err;
    EXPECT_NE(listing().find(": 0 snapshots"), std::string::npos) << listing();
    EXPECT_EQ(std::distance(fs::directory_iterator(cas_directory()), fs::directory_iterator()), 0);
    EXPECT_EQ(tablespace_objects(), 0u);
  }

  fs::path dir = testing::temporary_directory();
  Connection connection{testing::test_server()};
  std::string store_url;
};

TEST_F(RemoteSnapshots, ACaptureIsUploadedAndAnotherRunnerRestoresItWithoutSeeding) {
  CommandResult first = bootstrap("a");
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find("tdm: uploaded shared-1.0.0-"), std::string::npos) << first.err;

  // The seeding runner restored its capture once to share the tablespace copies too.
  EXPECT_NE(first.err.find("tdm: uploaded tablespace copies of 1 tables of shared-1.0.0-"),
            std::string::npos)
      << first.err;

  CommandResult second = bootstrap("b");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.err.find("tdm: fetched shared-1.0.0-"), std::string::npos) << second.err;
  EXPECT_NE(second.err.find(" from " + store_url), std::string::npos) << second.err;
  EXPECT_NE(second.err.find("tdm: fetched tablespace copies of 1 tables"), std::string::npos)
      << second.err;
  EXPECT_EQ(second.err.find("uploaded"), std::string::npos) << second.err;
  EXPECT_EQ(second.err.find("seeded"), std::string::npos) << second.err;
  EXPECT_EQ(seeds(), 1u);
  EXPECT_EQ(connection.scalar(
                "SELECT GROUP_CONCAT(v ORDER BY id) FROM " +
                Connection::quote_identifier(testing::database_name_for_current_test("b")) + ".t"),
            "one,two");

  CommandResult listed =
      testing::run_tdm({"snapshot", "list", "--remote"}, {{"TDM_REMOTE_STORAGE", store_url}});
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find(store_url + ": 1 snapshot"), std::string::npos) << listed.out;

  CommandResult pulled =
      testing::run_tdm({"snapshot", "pull", "shared@1.0.0", "--dir", (dir / "c").string()},
                       {{"TDM_REMOTE_STORAGE", store_url}});
  EXPECT_EQ(pulled.exit_code, 0) << pulled.err;
  EXPECT_TRUE(fs::exists(pulled.out.substr(0, pulled.out.find('\n')))) << pulled.out;
  CommandResult missing =
      testing::run_tdm({"snapshot", "pull", "other", "--dir", (dir / "c").string()},
                       {{"TDM_REMOTE_STORAGE", store_url}});
  EXPECT_EQ(missing.exit_code, 10) << missing.err;
}

TEST_F(RemoteSnapshots, ACorruptObjectIsRefusedAndTheRunnerSeedsLocally) {
  ASSERT_EQ(bootstrap("a").exit_code, 0);
  fs::path payload = stored_payload();
  ASSERT_FALSE(payload.empty());
  std::string bytes = testing::read_bytes(payload);
  bytes[bytes.size() / 2] ^= 0x5a;
  testing::write_test_file(payload, bytes);

  CommandResult second = bootstrap("b");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_EQ(count_of(second.err, "tdm: warning: remote store " + store_url), 1u) << second.err;
  EXPECT_NE(second.err.find("refused"), std::string::npos) << second.err;
  EXPECT_EQ(second.err.find("tdm: fetched"), std::string::npos) << second.err;
  EXPECT_EQ(seeds(), 2u);
  for (const auto& entry : fs::directory_iterator(dir / "b" / "snapshots")) {
    EXPECT_EQ(entry.path().string().find(".tmp."), std::string::npos) << entry.path();
  }
}

// A shared tablespace copy that is not the file its manifest names is never imported: the
// runner loads the rows instead, and the data is the snapshot's.
TEST_F(RemoteSnapshots, ACorruptTablespaceCopyIsRefusedAndRowsAreLoaded) {
  ASSERT_EQ(bootstrap("a").exit_code, 0);
  fs::path copies = testing::NginxStore::instance().file_of(
      store_url.substr(testing::NginxStore::instance().url().size()) + "/tablespaces");
  std::size_t damaged = 0;
  for (const auto& entry : fs::recursive_directory_iterator(copies)) {
    if (!entry.is_regular_file() || entry.path().extension() == ".json") continue;
    std::string bytes = testing::read_bytes(entry.path());
    bytes[bytes.size() / 2] ^= 0x5a;
    testing::write_test_file(entry.path(), bytes);
    ++damaged;
  }
  ASSERT_EQ(damaged, 2u);  // the table's .ibd and .cfg

  CommandResult second = bootstrap("b");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.err.find("tablespace copies refused"), std::string::npos) << second.err;
  EXPECT_EQ(second.err.find("fetched tablespace copies"), std::string::npos) << second.err;
  // ... and replaced by the copies its own restore built, which the next runner imports.
  EXPECT_NE(second.err.find("tdm: uploaded tablespace copies"), std::string::npos) << second.err;
  CommandResult third = bootstrap("c");
  ASSERT_EQ(third.exit_code, 0) << third.err;
  EXPECT_NE(third.err.find("tdm: fetched tablespace copies of 1 tables"), std::string::npos)
      << third.err;
  EXPECT_EQ(seeds(), 1u);
  EXPECT_EQ(connection.scalar(
                "SELECT GROUP_CONCAT(v ORDER BY id) FROM " +
                Connection::quote_identifier(testing::database_name_for_current_test("b")) + ".t"),
            "one,two");
}

TEST_F(RemoteSnapshots, AStoreThatIsDownCostsOneWarningAndALocalSeed) {
  store_url = "http://127.0.0.1:1/tdm";  // nothing listens on port 1
  CommandResult result = bootstrap("a");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(count_of(result.err, "tdm: warning: remote store http://127.0.0.1:1/tdm"), 1u)
      << result.err;
  EXPECT_NE(result.err.find("fix: "), std::string::npos) << result.err;
  EXPECT_EQ(seeds(), 1u);
}

TEST_F(RemoteSnapshots, OfConcurrentRunnersOnAnEmptyStoreExactlyOneSeeds) {
  std::vector<std::future<CommandResult>> runners;
  for (const std::string runner : {"a", "b", "c", "d"}) {
    auto args = bootstrap_args(runner);
    std::map<std::string, std::string> env{{"TDM_REMOTE_STORAGE", store_url}, {"TDM_MODE", "AUTO"}};
    runners.push_back(
        std::async(std::launch::async, [args, env] { return testing::run_tdm(args, env); }));
  }
  std::size_t fetched = 0;
  for (auto& runner : runners) {
    CommandResult result = runner.get();
    EXPECT_EQ(result.exit_code, 0) << result.err;
    fetched += count_of(result.err, "tdm: fetched shared-");
  }
  EXPECT_EQ(seeds(), 1u);
  EXPECT_EQ(fetched, 3u);
}

TEST_F(RemoteSnapshots, TheTokenReachesTheServerAndNeverTheOutput) {
  const std::string token = "s3cret-token";
  store_url = testing::NginxStore::instance().url() + "/secure/" + std::to_string(::getpid());
  CommandResult accepted = bootstrap("a", {{"TDM_REMOTE_TOKEN", token}});
  ASSERT_EQ(accepted.exit_code, 0) << accepted.err;
  EXPECT_NE(accepted.err.find("tdm: uploaded"), std::string::npos) << accepted.err;

  CommandResult wrong = bootstrap("b", {{"TDM_REMOTE_TOKEN", "wrong-" + token}});
  ASSERT_EQ(wrong.exit_code, 0) << wrong.err;
  EXPECT_EQ(count_of(wrong.err, "tdm: warning: remote store"), 1u) << wrong.err;
  EXPECT_NE(wrong.err.find("(HTTP 401)"), std::string::npos) << wrong.err;
  for (const CommandResult& result : {accepted, wrong}) {
    EXPECT_EQ((result.out + result.err).find(token), std::string::npos);
  }
  // Nor in the snapshot's metadata, or anything else tdm wrote there.
  for (const auto& entry : fs::recursive_directory_iterator(dir / "a" / "snapshots")) {
    if (!entry.is_regular_file()) continue;
    EXPECT_EQ(testing::read_bytes(entry.path()).find(token), std::string::npos) << entry.path();
  }

  CommandResult in_url =
      testing::run_tdm({"snapshot", "list", "--remote"},
                       {{"TDM_REMOTE_STORAGE", "http://ci:" + token + "@127.0.0.1:1/tdm"}});
  EXPECT_EQ(in_url.exit_code, 3) << in_url.err;
  EXPECT_EQ((in_url.out + in_url.err).find(token), std::string::npos) << in_url.err;
}

TEST_F(RemoteSnapshots, AFileStoreSharesSnapshotsLikeAnHttpOne) {
  store_url = "file://" + (dir / "shared-mount").string();
  ASSERT_EQ(bootstrap("a").exit_code, 0);
  CommandResult second = bootstrap("b");
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.err.find("tdm: fetched shared-1.0.0-"), std::string::npos) << second.err;
  EXPECT_EQ(seeds(), 1u);
}

// `|read-only`: fetched from, never written: no upload, no lease, and push refuses it.
TEST_F(RemoteSnapshots, AReadOnlyStoreIsFetchedFromAndNeverWritten) {
  store_url = "file://" + (dir / "shared-mount").string();
  const std::string read_only = store_url + "|read-only";
  auto files_in_store = [&] {
    std::size_t files = 0;
    if (!fs::exists(dir / "shared-mount")) return files;
    for (const auto& entry : fs::recursive_directory_iterator(dir / "shared-mount")) {
      files += entry.is_regular_file() ? 1 : 0;
    }
    return files;
  };

  CommandResult first = bootstrap("a", {{"TDM_REMOTE_STORAGE", read_only}});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_EQ(seeds(), 1u);
  EXPECT_EQ(first.err.find("tdm: uploaded"), std::string::npos) << first.err;
  EXPECT_EQ(first.err.find("lease"), std::string::npos) << first.err;
  EXPECT_EQ(files_in_store(), 0u);

  const std::vector<std::string> push{"snapshot", "push", "--dir",
                                      (dir / "a" / "snapshots").string()};
  CommandResult refused = testing::run_tdm(push, {{"TDM_REMOTE_STORAGE", read_only}});
  EXPECT_EQ(refused.exit_code, 10) << refused.err;
  EXPECT_NE(refused.err.find("no writable remote store"), std::string::npos) << refused.err;
  EXPECT_EQ(files_in_store(), 0u);

  // Filled by a writable push, the read-only store serves the next runner.
  CommandResult pushed = testing::run_tdm(push, {{"TDM_REMOTE_STORAGE", store_url}});
  ASSERT_EQ(pushed.exit_code, 0) << pushed.err;
  const std::size_t stored = files_in_store();
  CommandResult second = bootstrap("b", {{"TDM_REMOTE_STORAGE", read_only}});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.err.find("tdm: fetched shared-1.0.0-"), std::string::npos) << second.err;
  EXPECT_EQ(seeds(), 1u);
  EXPECT_EQ(files_in_store(), stored);
}

// `tdm snapshot create` shares its capture through the stores like bootstrap and build do.
TEST_F(RemoteSnapshots, ASnapshotCreatedByHandIsUploaded) {
  std::string database = testing::fresh_database(connection, "source");
  connection.execute("CREATE TABLE " + Connection::quote_identifier(database) +
                     ".t (id INT PRIMARY KEY, v VARCHAR(20))");
  const std::map<std::string, std::string> env{{"TDM_REMOTE_STORAGE", store_url}};
  CommandResult created =
      testing::run_tdm({"snapshot", "create", "--name", "byhand", "--version", "2.0.0", "--dir",
                        (dir / "a" / "snapshots").string(), "--server-dir",
                        testing::test_server_dir(), "--database", database},
                       env);
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_NE(created.err.find("tdm: uploaded byhand-2.0.0-"), std::string::npos) << created.err;

  CommandResult listed = testing::run_tdm({"snapshot", "list", "--remote"}, env);
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find(store_url + ": 1 snapshot"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("byhand-2.0.0-"), std::string::npos) << listed.out;
}

// So does the fixture cleanup's capture on success.
TEST_F(RemoteSnapshots, ATeardownCaptureOnSuccessIsUploaded) {
  const std::string fixture_file = (dir / "a" / "fixture.state").string();
  std::vector<std::string> args = bootstrap_args("a");
  args.insert(std::find(args.begin(), args.end(), "--"), {"--fixture-file", fixture_file});
  CommandResult setup = testing::run_tdm(args, {{"TDM_MODE", "DYNAMIC"}});  // seeds, no capture
  ASSERT_EQ(setup.exit_code, 0) << setup.err;

  const std::map<std::string, std::string> env{{"TDM_REMOTE_STORAGE", store_url}};
  CommandResult cleanup = testing::run_tdm(
      {"teardown", "--fixture-file", fixture_file, "--name", "shared", "--version", "1.0.0",
       "--dir", (dir / "a" / "snapshots").string(), "--inputs", "model", "--base", dir.string(),
       "--capture-on-success", "--passed", "--server-dir", testing::test_server_dir()},
      env);
  ASSERT_EQ(cleanup.exit_code, 0) << cleanup.err;
  EXPECT_NE(cleanup.err.find("tdm: uploaded shared-1.0.0-"), std::string::npos) << cleanup.err;
  CommandResult listed = testing::run_tdm({"snapshot", "list", "--remote"}, env);
  EXPECT_NE(listed.out.find(store_url + ": 1 snapshot"), std::string::npos) << listed.out;
}

// Remote prune, by the rules of the local one (under a second each; budget 3 s).
TEST_F(RemoteSnapshots, PruneRemoteKeepsTheNewestInAnHttpStore) {
  expect_remote_prune_keeps_the_newest();
}

TEST_F(RemoteSnapshots, PruneRemoteKeepsTheNewestInAFileStore) {
  store_url = "file://" + (dir / "shared-mount").string();
  expect_remote_prune_keeps_the_newest();
}

// The Redis store (the CTest fixture's redis-server, which wants a password) end to end: the
// password reaches the server from $TDM_REDIS_PASSWORD and never any output.
TEST_F(RemoteSnapshots, ARedisStoreSharesSnapshotsAndNeverShowsItsPassword) {
  const testing::RedisTestServer& redis = testing::redis_test_server();
  ASSERT_FALSE(redis.password.empty());
  std::string test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
  store_url = "redis://127.0.0.1:" + std::to_string(redis.port) + "/e2e-" + test + "-" +
              std::to_string(::getpid());
  const std::map<std::string, std::string> password{{"TDM_REDIS_PASSWORD", redis.password}};

  CommandResult first = bootstrap("a", password);
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.err.find("tdm: uploaded shared-1.0.0-"), std::string::npos) << first.err;

  CommandResult second = bootstrap("b", password);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.err.find("tdm: fetched shared-1.0.0-"), std::string::npos) << second.err;
  EXPECT_NE(second.err.find(" from " + store_url), std::string::npos) << second.err;
  EXPECT_NE(second.err.find("tdm: fetched tablespace copies of 1 tables"), std::string::npos)
      << second.err;
  EXPECT_EQ(seeds(), 1u);
  EXPECT_EQ(connection.scalar(
                "SELECT GROUP_CONCAT(v ORDER BY id) FROM " +
                Connection::quote_identifier(testing::database_name_for_current_test("b")) + ".t"),
            "one,two");

  std::map<std::string, std::string> listing_env = password;
  listing_env.emplace("TDM_REMOTE_STORAGE", store_url);
  CommandResult listed = testing::run_tdm({"snapshot", "list", "--remote"}, listing_env);
  EXPECT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_NE(listed.out.find(store_url + ": 1 snapshot"), std::string::npos) << listed.out;

  // Without the password the store refuses: one warning, a local seed, still no password shown.
  CommandResult refused = bootstrap("c", {{"TDM_REDIS_PASSWORD", "wrong-" + redis.password}});
  ASSERT_EQ(refused.exit_code, 0) << refused.err;
  EXPECT_EQ(count_of(refused.err, "tdm: warning: remote store " + store_url), 1u) << refused.err;
  EXPECT_EQ(seeds(), 2u);

  for (const CommandResult& result : {first, second, listed, refused}) {
    EXPECT_EQ((result.out + result.err).find(redis.password), std::string::npos)
        << result.out << result.err;
  }
  for (const auto& entry : fs::recursive_directory_iterator(dir / "a" / "snapshots")) {
    if (!entry.is_regular_file()) continue;
    EXPECT_EQ(testing::read_bytes(entry.path()).find(redis.password), std::string::npos)
        << entry.path();
  }
}

}  // namespace
}  // namespace tdm
