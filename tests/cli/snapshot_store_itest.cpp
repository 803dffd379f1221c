// The snapshot directory as users and accidents leave it: killed captures, planted or damaged
// files, metadata of a newer tdm. Every case drives the `tdm` binary against the real server.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "connection/connection.hpp"
#include "hashing/manifest.hpp"
#include "state/bookkeeping.hpp"
#include "support/test_files.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;
using testing::CommandResult;
using testing::contains;
using testing::copy_test_directory;
using testing::run_tdm;

constexpr int kKilled = 128 + 9;  // what run_command reports for a process killed by SIGKILL

// A source database with one table `t` and a target database, and the `tdm snapshot` verbs on
// a snapshot directory of fixture `app`.
class SnapshotStoreCli : public ::testing::Test {
 protected:
  void SetUp() override {
    connection_.emplace(testing::test_server());
    source_ = testing::fresh_database(*connection_, "source");
    target_ = testing::fresh_database(*connection_, "target");
    root_ = testing::temporary_directory();
    dir_ = root_ / "snapshots";
  }

  // Makes `t` hold exactly `values` (ids 1, 2, ...).
  void fill(const std::vector<std::string>& values) {
    std::string table = Connection::quote_identifier(source_) + ".t";
    connection_->execute("DROP TABLE IF EXISTS " + table);
    connection_->execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, v VARCHAR(20))");
    for (std::size_t i = 0; i < values.size(); ++i) {
      connection_->execute("INSERT INTO " + table + " VALUES (" + std::to_string(i + 1) + ", " +
                           connection_->quote(values[i]) + ")");
    }
  }

  // The values of `t` in `database`, in id order, comma-separated.
  std::string rows(const std::string& database) {
    return connection_
        ->scalar("SELECT GROUP_CONCAT(v ORDER BY id) FROM " +
                 Connection::quote_identifier(database) + ".t")
        .value_or("");
  }

  std::vector<std::string> create_args(const fs::path& dir) const {
    return {"snapshot",   "create",     "--name",       "app",
            "--dir",      dir.string(), "--server-dir", testing::test_server_dir(),
            "--database", source_};
  }

  CommandResult create(const fs::path& dir) { return run_tdm(create_args(dir)); }

  CommandResult restore(const fs::path& dir) {
    return run_tdm({"snapshot", "restore", "--name", "app", "--dir", dir.string(), "--server-dir",
                    testing::test_server_dir(), "--database", target_});
  }

  CommandResult verb(const std::string& name, const fs::path& dir,
                     std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"snapshot", name, "--dir", dir.string()};
    args.insert(args.end(), extra.begin(), extra.end());
    return run_tdm(args);
  }

  // The one metadata file of `dir`.
  static fs::path metadata_of(const fs::path& dir) {
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().filename().string().ends_with(".meta.json")) return entry.path();
    }
    return {};
  }

  std::optional<Connection> connection_;
  std::string source_;
  std::string target_;
  fs::path root_;
  fs::path dir_;
};

std::string find_program(const std::string& name) {
  std::stringstream path(std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin");
  for (std::string directory; std::getline(path, directory, ':');) {
    fs::path candidate = fs::path(directory) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return "";
}

// The calls that change a directory: where a kill can fall between two steps of a commit.
const std::string kDirectoryCalls = "rename,renameat,renameat2,unlink,unlinkat,rmdir";

// LeakSanitizer cannot work under ptrace and aborts the process at its exit: a tdm run under
// strace leaves leak checks to the runs without it (the rest of the sanitizers stay on).
const std::map<std::string, std::string> kUnderPtrace{
    {"ASAN_OPTIONS", "detect_leaks=0:abort_on_error=1"}};

// Runs `args` (tdm's) whole under strace and counts the calls of kDirectoryCalls it makes.
std::map<std::string, int> directory_calls(const std::string& strace,
                                           const std::vector<std::string>& args,
                                           const fs::path& trace) {
  std::vector<std::string> traced{strace,
                                  "-f",
                                  "-qq",
                                  "-o",
                                  trace.string(),
                                  "-e",
                                  "trace=" + kDirectoryCalls,
                                  testing::tdm_binary()};
  traced.insert(traced.end(), args.begin(), args.end());
  CommandResult whole = testing::run_command(traced, kUnderPtrace);
  EXPECT_EQ(whole.exit_code, 0) << whole.err;
  std::map<std::string, int> calls;
  std::istringstream lines(testing::read_bytes(trace));
  const std::regex call(R"(^\d+\s+(\w+)\()");
  for (std::string line; std::getline(lines, line);) {
    if (std::smatch match; std::regex_search(line, match, call)) ++calls[match[1]];
  }
  return calls;
}

// Runs `args` (tdm's) killed by SIGKILL on entering its `n`th `syscall`; its exit code.
int run_killed_at(const std::string& strace, const std::string& syscall, int n,
                  const std::vector<std::string>& args) {
  std::vector<std::string> killed{strace,
                                  "-f",
                                  "-qq",
                                  "-o",
                                  "/dev/null",
                                  "-e",
                                  "trace=" + syscall,
                                  "-e",
                                  "inject=" + syscall + ":signal=KILL:when=" + std::to_string(n),
                                  testing::tdm_binary()};
  killed.insert(killed.end(), args.begin(), args.end());
  return testing::run_command(killed, kUnderPtrace).exit_code;
}

// A re-capture of a snapshot id that exists, killed (SIGKILL, by strace's fault injection) on
// entering each rename and unlink it makes in turn: whatever instant the kill hits, the
// directory holds the previous snapshot or the new one, whole, and a restore gets one of them.
TEST_F(SnapshotStoreCli, AKillAtAnyRenameOrUnlinkOfARecaptureLeavesASnapshotThatRestores) {
  const std::string strace = find_program("strace");
  ASSERT_FALSE(strace.empty()) << "this test needs strace: tools/install-deps installs it";
  const std::string kOld = "old-1,old-2,old-3", kNew = "new-1,new-2,new-3,new-4";
  fill({"old-1", "old-2", "old-3"});
  ASSERT_EQ(create(dir_).exit_code, 0);
  CommandResult primed = restore(dir_);  // the old payload gets a tablespace cache to remove too
  ASSERT_EQ(primed.exit_code, 0) << primed.err;
  ASSERT_EQ(rows(target_), kOld);
  const fs::path pristine = root_ / "pristine";
  copy_test_directory(dir_, pristine);
  fill({"new-1", "new-2", "new-3", "new-4"});

  std::vector<std::string> args = create_args(dir_);
  std::map<std::string, int> calls = directory_calls(strace, args, root_ / "trace");
  ASSERT_EQ(restore(dir_).exit_code, 0);
  ASSERT_EQ(rows(target_), kNew);
  ASSERT_GE(calls["rename"], 2) << "the payload and its metadata";

  std::set<std::string> outcomes;
  int kills = 0;
  for (const auto& [syscall, count] : calls) {
    for (int n = 1; n <= count; ++n) {
      SCOPED_TRACE("killed on entering " + syscall + " #" + std::to_string(n));
      copy_test_directory(pristine, dir_);
      if (run_killed_at(strace, syscall, n, args) == kKilled) ++kills;

      CommandResult restored = restore(dir_);
      ASSERT_EQ(restored.exit_code, 0) << restored.err;
      std::string got = rows(target_);
      EXPECT_TRUE(got == kOld || got == kNew) << got;
      outcomes.insert(got);
      // What the kill left beside the snapshot is a leftover prune removes, nothing else.
      EXPECT_EQ(verb("prune", dir_).exit_code, 0);
      CommandResult verified = verb("verify", dir_);
      EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
    }
  }
  EXPECT_GE(kills, 3);
  EXPECT_EQ(outcomes, (std::set<std::string>{kOld, kNew}))
      << "kills before and after the commit point";
}

// A restore killed on entering each rename and unlink it makes, both when it builds the
// tablespace cache (the first restore of a snapshot) and when it imports from it: the target is
// never left looking restored with other rows, and a restore run at once after the kill (while
// the killed one's statements may still run on the server) succeeds and leaves the store sound.
TEST_F(SnapshotStoreCli, AKillAtAnyRenameOrUnlinkOfARestoreIsMendedByTheNextRestore) {
  const std::string strace = find_program("strace");
  ASSERT_FALSE(strace.empty()) << "this test needs strace: tools/install-deps installs it";
  const std::string kRows = "r-1,r-2,r-3";
  fill({"r-1", "r-2", "r-3"});
  ASSERT_EQ(create(dir_).exit_code, 0);
  const std::vector<std::string> args{
      "snapshot",   "restore",     "--name",       "app",
      "--dir",      dir_.string(), "--server-dir", testing::test_server_dir(),
      "--database", target_};
  int kills = 0;
  for (const char* phase : {"building the cache", "importing from it"}) {
    const fs::path pristine = root_ / phase;
    copy_test_directory(dir_, pristine);
    std::map<std::string, int> calls = directory_calls(strace, args, root_ / "trace");
    ASSERT_FALSE(calls.empty()) << phase;
    for (const auto& [syscall, count] : calls) {
      for (int n = 1; n <= count; ++n) {
        SCOPED_TRACE(std::string(phase) + ": killed on entering " + syscall + " #" +
                     std::to_string(n));
        copy_test_directory(pristine, dir_);
        connection_->execute("DROP DATABASE IF EXISTS " + Connection::quote_identifier(target_));
        if (run_killed_at(strace, syscall, n, args) == kKilled) ++kills;
        auto record = Bookkeeping::lookup(*connection_, target_);
        if (record && record->complete()) {
          EXPECT_EQ(rows(target_), kRows) << "a target marked restored holds other rows";
        }

        CommandResult restored = restore(dir_);
        ASSERT_EQ(restored.exit_code, 0) << restored.err;
        EXPECT_EQ(rows(target_), kRows);
        EXPECT_EQ(verb("prune", dir_).exit_code, 0);
        CommandResult verified = verb("verify", dir_);
        EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
      }
    }
  }
  EXPECT_GE(kills, 2);
}

// Another data set's copy of the same table, of the same size, planted in the tablespace cache:
// verify names it, and a restore refuses it, loads the rows and rebuilds the entry.
TEST_F(SnapshotStoreCli, APlantedTablespaceCopyIsRefusedAndTheRowsLoaded) {
  const fs::path theirs = root_ / "theirs";
  fill({"mine-1", "mine-2"});
  ASSERT_EQ(create(dir_).exit_code, 0);
  ASSERT_EQ(restore(dir_).exit_code, 0);  // builds the cache
  fill({"them-1", "them-2"});
  ASSERT_EQ(create(theirs).exit_code, 0);
  ASSERT_EQ(restore(theirs).exit_code, 0);
  ASSERT_EQ(rows(target_), "them-1,them-2");

  auto entry_of = [](const fs::path& dir) {
    for (const auto& item : fs::recursive_directory_iterator(dir)) {
      if (item.path().filename() == "t.ibd") return item.path().parent_path();
    }
    return fs::path();
  };
  fs::path mine = entry_of(dir_), planted = entry_of(theirs);
  ASSERT_FALSE(mine.empty());
  ASSERT_FALSE(planted.empty());
  ASSERT_EQ(fs::file_size(mine / "t.ibd"), fs::file_size(planted / "t.ibd"));
  ASSERT_EQ(fs::file_size(mine / "t.cfg"), fs::file_size(planted / "t.cfg"));
  for (const char* file : {"t.ibd", "t.cfg"}) {
    fs::copy_file(planted / file, mine / file, fs::copy_options::overwrite_existing);
  }

  CommandResult verified = verb("verify", dir_);
  EXPECT_EQ(verified.exit_code, 6);
  EXPECT_TRUE(contains(verified.out, "CACHE")) << verified.out;
  EXPECT_TRUE(contains(verified.out, "t.ibd is not the file written into the entry"))
      << verified.out;

  CommandResult refused = restore(dir_);
  EXPECT_EQ(refused.exit_code, 0) << refused.err;
  EXPECT_EQ(rows(target_), "mine-1,mine-2");
  EXPECT_TRUE(contains(refused.err, "refused and removed")) << refused.err;
  EXPECT_TRUE(contains(refused.err, "tablespace cache built")) << refused.err;

  CommandResult imported = restore(dir_);
  EXPECT_TRUE(contains(imported.err, "imported from the tablespace cache")) << imported.err;
  EXPECT_EQ(rows(target_), "mine-1,mine-2");
  EXPECT_EQ(verb("verify", dir_).exit_code, 0);
}

// The files of `dir`, by name.
std::set<std::string> files_in(const fs::path& dir) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) {
    names.insert(entry.path().filename().string());
  }
  return names;
}

// Capturing an unchanged database again, on two connections that may finish their tables in
// any order, writes the same payload: the same file name, and the tablespace cache the first
// restore built stays and serves the next restore.
TEST_F(SnapshotStoreCli, ACaptureOfAnUnchangedDatabaseKeepsItsPayloadAndTablespaceCache) {
  fill({"kept-1", "kept-2"});
  const std::string source = Connection::quote_identifier(source_);
  connection_->execute("CREATE TABLE " + source + ".big (id INT PRIMARY KEY, v VARCHAR(100))");
  connection_->execute("INSERT INTO " + source + ".big SELECT seq, REPEAT('b', seq % 100)" +
                       " FROM " + source + ".seq_1_to_20000");
  connection_->execute("CREATE TABLE " + source + ".a_small (id INT PRIMARY KEY)");
  connection_->execute("INSERT INTO " + source + ".a_small SELECT seq FROM " + source +
                       ".seq_1_to_10");
  ASSERT_EQ(create(dir_).exit_code, 0);
  CommandResult built = restore(dir_);
  ASSERT_EQ(built.exit_code, 0) << built.err;
  ASSERT_TRUE(contains(built.err, "tablespace cache built")) << built.err;
  const std::set<std::string> first = files_in(dir_);
  for (int round = 0; round < 5; ++round) {
    SCOPED_TRACE("capture again #" + std::to_string(round + 1));
    CommandResult again = create(dir_);
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(files_in(dir_), first);
  }
  CommandResult imported = restore(dir_);
  EXPECT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_TRUE(contains(imported.err, "imported from the tablespace cache")) << imported.err;
  EXPECT_EQ(rows(target_), "kept-1,kept-2");
  EXPECT_EQ(verb("verify", dir_).exit_code, 0);
}

// Metadata of a newer tdm: every verb refuses it, naming that tdm, and an older tdm neither
// overwrites the snapshot with a capture of its own nor prunes it.
TEST_F(SnapshotStoreCli, ASnapshotOfANewerTdmIsRefusedEverywhereAndNeverReplaced) {
  fill({"a", "b"});
  ASSERT_EQ(create(dir_).exit_code, 0);
  fs::path metadata = metadata_of(dir_);
  auto json = nlohmann::json::parse(testing::read_bytes(metadata));
  json["formatVersion"] = 99;
  json["tdmVersion"] = "9.9.9";
  const std::string newer = json.dump(2);
  testing::write_test_file(metadata, newer);
  const std::string kWhy = "made by a newer tdm 9.9.9";

  CommandResult verified = verb("verify", dir_);
  EXPECT_EQ(verified.exit_code, 6);
  EXPECT_TRUE(contains(verified.out, kWhy)) << verified.out;
  CommandResult listed = verb("list", dir_);
  EXPECT_TRUE(contains(listed.out, kWhy)) << listed.out;
  CommandResult restored = restore(dir_);
  EXPECT_EQ(restored.exit_code, 6);
  EXPECT_TRUE(contains(restored.err, kWhy)) << restored.err;
  EXPECT_EQ(connection_->scalar("SELECT COUNT(*) FROM information_schema.TABLES WHERE "
                                "TABLE_SCHEMA = " +
                                connection_->quote(target_)),
            "0");
  CommandResult exported = run_tdm({"snapshot", "export", "--name", "app", "--dir", dir_.string(),
                                    "--output", (root_ / "out.sql").string()});
  EXPECT_EQ(exported.exit_code, 6);
  EXPECT_TRUE(contains(exported.err, kWhy)) << exported.err;

  CommandResult recaptured = create(dir_);
  EXPECT_EQ(recaptured.exit_code, 6);
  EXPECT_TRUE(contains(recaptured.err, "refusing to replace snapshot")) << recaptured.err;
  EXPECT_TRUE(contains(recaptured.err, kWhy)) << recaptured.err;
  EXPECT_EQ(verb("prune", dir_, {"--keep", "0"}).exit_code, 0);
  EXPECT_EQ(testing::read_bytes(metadata), newer);
  EXPECT_TRUE(fs::exists(dir_ / json["payloadFile"].get<std::string>()));
}

// Whatever is wrong with the metadata, a restore says it, as list and verify do.
TEST_F(SnapshotStoreCli, RestoreSaysWhatIsWrongWithTheMetadata) {
  fill({"a", "b"});
  ASSERT_EQ(create(dir_).exit_code, 0);
  const fs::path metadata = metadata_of(dir_);
  const std::string original = testing::read_bytes(metadata);
  auto incomplete = nlohmann::json::parse(original);
  incomplete.erase("payloadSha256");

  struct Damage {
    std::string what;
    std::function<void()> make;
    std::string reason;
  };
  std::vector<Damage> damages = {
      {"cut short", [&] { testing::write_test_file(metadata, original.substr(0, 40)); },
       "not valid JSON"},
      {"a field missing", [&] { testing::write_test_file(metadata, incomplete.dump()); },
       "missing field 'payloadSha256'"},
      {"a directory in its place", [&] { fs::create_directory(metadata); },
       "is not a regular file"},
      {"unreadable (a symbolic link to itself)",
       [&] { fs::create_symlink(metadata.filename(), metadata); }, "cannot be examined"},
  };
  for (const Damage& damage : damages) {
    SCOPED_TRACE(damage.what);
    fs::remove(metadata);
    damage.make();
    CommandResult restored = restore(dir_);
    EXPECT_EQ(restored.exit_code, 6);
    EXPECT_TRUE(contains(restored.err, damage.reason)) << restored.err;
    EXPECT_FALSE(contains(restored.err, "no snapshot of 'app'")) << restored.err;
    CommandResult listed = verb("list", dir_);
    EXPECT_TRUE(contains(listed.out, damage.reason)) << listed.out;
    EXPECT_EQ(verb("verify", dir_).exit_code, 6);
  }
  fs::remove(metadata);
  testing::write_test_file(metadata, original);
  EXPECT_EQ(restore(dir_).exit_code, 0);
}

// Metadata whose data-model hash is another snapshot's is neither fresh nor stale: it is
// corrupt or foreign, and bootstrap says so (strict SNAPSHOT mode: fails with the reason).
TEST_F(SnapshotStoreCli, MetadataWithAnotherSnapshotsHashIsCalledCorruptNotStale) {
  testing::write_test_file(root_ / "sql/001.sql",
                           "CREATE TABLE t (id INT PRIMARY KEY);\nINSERT INTO t VALUES (1);\n");
  std::vector<std::string> bootstrap = {"bootstrap",
                                        "--name",
                                        "app",
                                        "--dir",
                                        dir_.string(),
                                        "--inputs",
                                        "sql",
                                        "--base",
                                        root_.string(),
                                        "--sql-dir",
                                        (root_ / "sql").string(),
                                        "--server-dir",
                                        testing::test_server_dir(),
                                        "--database",
                                        target_};
  ASSERT_EQ(run_tdm(bootstrap, {{"TDM_MODE", "AUTO"}}).exit_code, 0);
  fs::path metadata = metadata_of(dir_);
  auto json = nlohmann::json::parse(testing::read_bytes(metadata));
  json["dataModelHash"] = std::string(64, 'a');
  testing::write_test_file(metadata, json.dump(2));

  CommandResult refused = run_tdm(bootstrap, {{"TDM_MODE", "SNAPSHOT"}, {"TDM_STRICT", "1"}});
  EXPECT_EQ(refused.exit_code, 6);
  EXPECT_TRUE(contains(refused.err, "is not the hash of its own inputManifest")) << refused.err;
  EXPECT_FALSE(contains(refused.err, " stale: ")) << refused.err;

  // Whole metadata, consistent in itself, of another snapshot under this one's name.
  Manifest other{{{"other.sql", std::string(64, 'b')}}};
  json["inputManifest"] = other.digests;
  json["dataModelHash"] = other.data_model_hash();
  testing::write_test_file(metadata, json.dump(2));
  refused = run_tdm(bootstrap, {{"TDM_MODE", "SNAPSHOT"}, {"TDM_STRICT", "1"}});
  EXPECT_EQ(refused.exit_code, 6);
  EXPECT_TRUE(
      contains(refused.err, "describes snapshot app-" + other.data_model_hash().substr(0, 12)))
      << refused.err;
  EXPECT_FALSE(contains(refused.err, " stale: ")) << refused.err;
}

// What a look at the directory finds without reading payloads: verify exits 6 naming it, list
// marks the snapshot whose payload does not match its metadata.
TEST_F(SnapshotStoreCli, VerifyAndListFlagWhatALookAtTheDirectoryFinds) {
  CommandResult nowhere = verb("verify", root_ / "nowhere");
  EXPECT_EQ(nowhere.exit_code, 6);
  EXPECT_TRUE(contains(nowhere.err, "does not exist")) << nowhere.err;

  fill({"a", "b"});
  ASSERT_EQ(create(dir_).exit_code, 0);
  fs::path metadata = metadata_of(dir_);
  std::string payload =
      nlohmann::json::parse(testing::read_bytes(metadata))["payloadFile"].get<std::string>();
  ASSERT_EQ(verb("verify", dir_).exit_code, 0);

  fs::resize_file(dir_ / payload, 0);
  CommandResult listed = verb("list", dir_);
  EXPECT_EQ(listed.exit_code, 0);
  EXPECT_TRUE(contains(listed.out, "PAYLOAD PROBLEM")) << listed.out;
  EXPECT_TRUE(contains(listed.out, "is 0 bytes, the metadata records")) << listed.out;
  CommandResult verified = verb("verify", dir_);
  EXPECT_EQ(verified.exit_code, 6);
  EXPECT_TRUE(contains(verified.out, "CORRUPT")) << verified.out;

  fs::remove(metadata);  // now only payloads no metadata names
  testing::write_test_file(dir_ / "other-1.0.0-0123456789ab.0123456789ab.tdm", "orphan");
  verified = verb("verify", dir_);
  EXPECT_EQ(verified.exit_code, 6);
  EXPECT_TRUE(contains(verified.out, "LEFTOVER " + payload)) << verified.out;
  EXPECT_TRUE(contains(verified.out, "LEFTOVER other-1.0.0-0123456789ab.0123456789ab.tdm"))
      << verified.out;
  EXPECT_TRUE(contains(verified.err, "2 problems")) << verified.err;
  EXPECT_EQ(verb("prune", dir_).exit_code, 0);
  EXPECT_EQ(verb("verify", dir_).exit_code, 0);
}

}  // namespace
}  // namespace tdm
