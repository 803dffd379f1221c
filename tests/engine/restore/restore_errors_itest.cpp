#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "engine/capture.hpp"
#include "engine/restore.hpp"
#include "snapshot/payload/reader.hpp"
#include "snapshot/payload/writer.hpp"
#include "snapshot/tablespace_cache.hpp"
#include "state/bookkeeping.hpp"
#include "support/test_files.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;

// A target database holding one row that must survive every refused or rejected restore, and
// a small captured payload to restore into it.
class RestoreErrors : public ::testing::Test {
 protected:
  void SetUp() override {
    connection_.emplace(testing::test_server());
    std::string source = testing::fresh_database(*connection_, "source");
    connection_->execute("CREATE TABLE " + Connection::quote_identifier(source) +
                         ".t (id INT PRIMARY KEY, v VARCHAR(10))");
    connection_->execute("INSERT INTO " + Connection::quote_identifier(source) +
                         ".t VALUES (1, 'a'), (2, 'b')");
    dir_ = testing::temporary_directory();
    payload_ = dir_ / "small.tdm";
    sha256_ = capture_database(testing::test_server(), source, payload_).payload_sha256;

    target_ = testing::fresh_database(*connection_, "target");
    connection_->execute("CREATE TABLE " + Connection::quote_identifier(target_) +
                         ".precious (v VARCHAR(20))");
    connection_->execute("INSERT INTO " + Connection::quote_identifier(target_) +
                         ".precious VALUES ('still here')");
    Bookkeeping(*connection_).forget(target_);
  }

  RestoreRequest request() const {
    return RestoreRequest{payload_, sha256_, target_, "small-1-abc", "abc", 2};
  }

  // The Error restore_database throws for `request`.
  Error restore_error(const RestoreRequest& request,
                      const TestDatabaseRule& rule = TestDatabaseRule()) {
    try {
      restore_database(testing::test_server(), request, rule);
    } catch (const Error& error) {
      return error;
    }
    ADD_FAILURE() << "the restore succeeded";
    return Error(ExitCode::kOk, "");
  }

  void expect_target_untouched(const std::string& database) {
    EXPECT_EQ(connection_->scalar("SELECT v FROM " + Connection::quote_identifier(database) +
                                  ".precious"),
              "still here");
    EXPECT_FALSE(Bookkeeping(*connection_).read(database).has_value());
  }

  std::optional<Connection> connection_;
  fs::path dir_;
  fs::path payload_;
  std::string sha256_;
  std::string target_;
};

void expect_mentions(const Error& error, const std::string& text) {
  EXPECT_NE(std::string(error.what()).find(text), std::string::npos) << error.what();
}

TEST_F(RestoreErrors, MissingPayloadLeavesTheTargetAlone) {
  RestoreRequest missing = request();
  missing.payload_path = dir_ / "gone.tdm";
  Error error = restore_error(missing);
  EXPECT_EQ(error.code(), ExitCode::kSnapshot);
  expect_mentions(error, "gone.tdm is missing");
  expect_target_untouched(target_);
}

TEST_F(RestoreErrors, TruncatedPayloadLeavesTheTargetAlone) {
  std::string bytes = testing::read_bytes(payload_);
  testing::write_test_file(payload_, bytes.substr(0, bytes.size() * 2 / 3));
  Error error = restore_error(request());
  EXPECT_EQ(error.code(), ExitCode::kSnapshot);
  expect_mentions(error, "truncated");
  expect_target_untouched(target_);
}

TEST_F(RestoreErrors, CorruptPayloadLeavesTheTargetAlone) {
  std::string bytes = testing::read_bytes(payload_);
  bytes[bytes.size() / 2] ^= 0x04;
  testing::write_test_file(payload_, bytes);
  Error error = restore_error(request());
  EXPECT_EQ(error.code(), ExitCode::kSnapshot);
  expect_mentions(error, "corrupt");
  expect_target_untouched(target_);
}

TEST_F(RestoreErrors, ADatabaseOutsideTheTestRuleIsRefusedAndUntouched) {
  std::string production = "tdm_engine_refusal_prod";
  connection_->execute("DROP DATABASE IF EXISTS " + production);
  connection_->execute("CREATE DATABASE " + production);
  connection_->execute("CREATE TABLE " + production + ".precious (v VARCHAR(20))");
  connection_->execute("INSERT INTO " + production + ".precious VALUES ('still here')");
  RestoreRequest refused = request();
  refused.target_database = production;
  Error error = restore_error(refused);
  EXPECT_EQ(error.code(), ExitCode::kRefused);
  expect_mentions(error, production);
  expect_target_untouched(production);
  // A rule that does allow it (explicit allow-list) is obeyed.
  refused.payload_path = dir_ / "gone.tdm";  // and fails only on the payload, not the rule
  EXPECT_EQ(restore_error(refused, TestDatabaseRule({"*_test*"}, {production})).code(),
            ExitCode::kSnapshot);
  connection_->execute("DROP DATABASE " + production);
}

TEST_F(RestoreErrors, AFailedStatementPartWayLeavesTheBookkeepingAtRestoring) {
  fs::path broken = dir_ / "broken.tdm";
  PayloadWriter writer(broken);
  writer.write_database({"whatever_test", "utf8mb4", "utf8mb4_general_ci", "", "10.11"});
  writer.write_table({"t", "CREATE TABLE t (id INT PRIMARY KEY)"});
  writer.begin_data({"t", {{"id", ColumnEncoding::kText}}});
  writer.append_field("1");
  writer.end_row();
  writer.end_data();
  writer.write_object({"VIEW", "broken", "CREATE VIEW broken AS SELECT * FROM no_such_table", "",
                       "utf8mb4", "utf8mb4_general_ci", ""});
  RestoreRequest bad = request();
  bad.payload_path = broken;
  bad.expected_sha256 = writer.commit().sha256;

  Error error = restore_error(bad);
  EXPECT_EQ(error.code(), ExitCode::kDatabase);
  expect_mentions(error, "VIEW `broken`");
  auto record = Bookkeeping(*connection_).read(target_);
  ASSERT_TRUE(record.has_value());
  EXPECT_EQ(record->state, DatabaseState::kRestoring);
  EXPECT_FALSE(record->complete());
}

TEST_F(RestoreErrors, RowsTheServerWouldDropFailTheLoad) {
  fs::path duplicated = dir_ / "duplicated.tdm";
  PayloadWriter writer(duplicated);
  writer.write_database({"whatever_test", "utf8mb4", "utf8mb4_general_ci", "", "10.11"});
  writer.write_table({"t", "CREATE TABLE t (id INT PRIMARY KEY)"});
  writer.begin_data({"t", {{"id", ColumnEncoding::kText}}});
  for (const char* id : {"1", "2", "2"}) {
    writer.append_field(id);
    writer.end_row();
  }
  writer.end_data();
  RestoreRequest bad = request();
  bad.payload_path = duplicated;
  bad.expected_sha256 = writer.commit().sha256;

  Error error = restore_error(bad);
  EXPECT_EQ(error.code(), ExitCode::kDatabase);
  expect_mentions(error, "stored 2 of 3 rows");
  EXPECT_EQ(Bookkeeping(*connection_).read(target_)->state, DatabaseState::kRestoring);
}

// ENUM index 0 raises a warning on every load; any other warning beside it still fails.
TEST_F(RestoreErrors, ValuesTheServerWouldChangeFailTheLoadBesideEnumIndexZero) {
  fs::path changed = dir_ / "changed.tdm";
  PayloadWriter writer(changed);
  writer.write_database({"whatever_test", "utf8mb4", "utf8mb4_general_ci", "", "10.11"});
  writer.write_table({"t", "CREATE TABLE t (id INT PRIMARY KEY, e ENUM('a'), v VARCHAR(3))"});
  writer.begin_data({"t",
                     {{"id", ColumnEncoding::kText},
                      {"e", ColumnEncoding::kUnsigned},
                      {"v", ColumnEncoding::kText}}});
  // Both rows hold ENUM index 0; the second one's text is longer than its column.
  for (auto [id, text] : {std::pair{"1", "abc"}, std::pair{"2", "abcd"}}) {
    writer.append_field(id);
    writer.append_field("0");
    writer.append_field(text);
    writer.end_row();
  }
  writer.end_data();
  RestoreRequest bad = request();
  bad.payload_path = changed;
  bad.expected_sha256 = writer.commit().sha256;

  Error error = restore_error(bad);
  EXPECT_EQ(error.code(), ExitCode::kDatabase);
  expect_mentions(error, "stored 2 of 2 rows or changed them");
  EXPECT_EQ(Bookkeeping(*connection_).read(target_)->state, DatabaseState::kRestoring);
}

TEST_F(RestoreErrors, ARefusedTablespaceCopyFallsBackToTheRows) {
  fs::path payload = dir_ / "bogus_tablespace.tdm";
  PayloadWriter writer(payload);
  writer.write_database({"whatever_test", "utf8mb4", "utf8mb4_general_ci", "", "10.11"});
  writer.write_table({"t", "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10)) ENGINE=InnoDB"});
  writer.begin_data({"t", {{"id", ColumnEncoding::kText}, {"v", ColumnEncoding::kText}}});
  for (const char* id : {"1", "2"}) {
    writer.append_field(id);
    writer.append_field("row");
    writer.end_row();
  }
  writer.end_data();
  RestoreRequest request = this->request();
  request.payload_path = payload;
  request.expected_sha256 = writer.commit().sha256;
  // A cache entry for this payload and the running server, whose copy the server refuses.
  std::ofstream(dir_ / "t.ibd") << std::string(65536, 'x');
  std::ofstream(dir_ / "t.cfg") << "not a cfg file";
  TablespaceCacheWriter cache(payload, read_payload_index(payload).recorded_sha256,
                              connection_->server_version());
  cache.add("t", dir_ / "t.ibd", dir_ / "t.cfg");
  cache.commit(request.expected_sha256, stamp_of(payload));

  RestoreStats stats = restore_database(testing::test_server(), request, TestDatabaseRule());
  EXPECT_EQ(stats.tablespaces_imported(), 0u);
  ASSERT_EQ(stats.notes.size(), 1u);
  expect_mentions(Error(ExitCode::kOk, stats.notes[0]), "table `t`: tablespace copy refused");
  EXPECT_EQ(stats.rows, 2u);
  EXPECT_EQ(connection_->scalar("SELECT COUNT(*) FROM " + Connection::quote_identifier(target_) +
                                ".t WHERE v = 'row'"),
            "2");
  EXPECT_EQ(Bookkeeping(*connection_).read(target_)->state, DatabaseState::kRestored);
  // The refused entry is replaced by copies of what the rows made, which the server takes.
  EXPECT_TRUE(stats.tablespace_cache_built);
  RestoreStats again = restore_database(testing::test_server(), request, TestDatabaseRule());
  EXPECT_EQ(again.tablespaces_imported(), 1u);
  EXPECT_TRUE(again.notes.empty());
}

// The cache lets a restore skip reading the payload whole only while the payload is the file
// the cache's builder verified: a payload changed since is verified again, and refused.
TEST_F(RestoreErrors, APayloadChangedSinceItsCacheWasBuiltIsVerifiedAgain) {
  RestoreRequest request = this->request();
  RestoreStats first = restore_database(testing::test_server(), request, TestDatabaseRule());
  ASSERT_TRUE(first.tablespace_cache_built);
  RestoreStats second = restore_database(testing::test_server(), request, TestDatabaseRule());
  EXPECT_EQ(second.tablespaces_imported(), 1u);

  std::string bytes = testing::read_bytes(payload_);
  bytes[bytes.size() / 2] ^= 0x01;
  testing::write_test_file(payload_, bytes);
  Error error = restore_error(request);
  EXPECT_EQ(error.code(), ExitCode::kSnapshot);
}

TEST_F(RestoreErrors, CapturingAMissingDatabaseLeavesNoFile) {
  fs::path path = dir_ / "never.tdm";
  try {
    capture_database(testing::test_server(), "no_such_database_test", path);
    FAIL() << "captured a database that does not exist";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kDatabase);
    expect_mentions(error, "'no_such_database_test': it does not exist");
  }
  EXPECT_FALSE(fs::exists(path));
  for (const auto& entry : fs::directory_iterator(dir_)) {
    EXPECT_EQ(entry.path(), payload_) << "left behind: " << entry.path();
  }
}

}  // namespace
}  // namespace tdm
