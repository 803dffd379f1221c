#include "engine/capture/parallel_capture.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "engine/capture.hpp"
#include "engine/capture/shared_snapshot.hpp"
#include "engine/capture/table_data_capture.hpp"
#include "engine/restore.hpp"
#include "snapshot/payload/reader.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;

// Tables of very different sizes, with values that need escaping, NULLs, a FLOAT, a BIT and
// a generated column, so the chunks of the two readers interleave and every encoding shows.
void fill_source(Connection& connection) {
  connection.execute(
      "CREATE TABLE big (id INT PRIMARY KEY, body VARCHAR(200), f FLOAT, b BIT(5))"
      " ENGINE=InnoDB");
  connection.execute(
      "INSERT INTO big (id, body, f, b) SELECT seq, CONCAT(REPEAT('x', seq % 150), '\\t\\n\\\\'),"
      " seq / 7, seq % 32 FROM seq_1_to_40000");
  // Not with the BIT column: CHECKSUM TABLE of a table with both differs between equal copies
  // (MariaDB 10.11).
  connection.execute(
      "CREATE TABLE medium (id INT PRIMARY KEY, note TEXT NULL, twice INT AS (id * 2) VIRTUAL)");
  connection.execute(
      "INSERT INTO medium (id, note) SELECT seq, IF(seq % 3 = 0, NULL, REPEAT('m', seq % 90))"
      " FROM seq_1_to_6000");
  connection.execute("CREATE TABLE small (id INT PRIMARY KEY, name VARCHAR(20))");
  connection.execute("INSERT INTO small SELECT seq, CONCAT('n', seq) FROM seq_1_to_10");
  connection.execute("CREATE TABLE empty_one (id INT PRIMARY KEY)");
  connection.execute("CREATE TABLE aria_one (id INT, v VARCHAR(10)) ENGINE=Aria");
  connection.execute("INSERT INTO aria_one SELECT seq, 'a' FROM seq_1_to_300");
  connection.execute("ANALYZE TABLE big, medium, small, empty_one, aria_one");
}

std::map<std::string, std::string> checksums(Connection& connection, const std::string& database) {
  std::map<std::string, std::string> sums;
  Result result =
      connection.query("SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = " +
                       connection.quote(database));
  for (const std::string& table : result.first_column()) {
    Result sum = connection.query("CHECKSUM TABLE " + Connection::quote_identifier(database) + "." +
                                  Connection::quote_identifier(table));
    sums[table] = sum.next()->str(1);
  }
  return sums;
}

// How many connections have `database` as their current one: while rows are read, the capture's
// readers and, with several, its lock connection until it has read the stored objects.
int connections_in(const std::string& database) {
  Connection observer(testing::test_server());
  return std::stoi(
      *observer.scalar("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE DB = " +
                       observer.quote(database)));
}

// connections_in, once closed sessions have left the process list (the server ends a closed
// session a little later): polled for up to two seconds while it is above `expected`, so that
// only connections still open count against it.
int settled_connections_in(const std::string& database, int expected) {
  int count = connections_in(database);
  for (int wait = 0; wait < 200 && count > expected; ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    count = connections_in(database);
  }
  return count;
}

class ParallelCapture : public ::testing::Test {
 protected:
  void SetUp() override {
    connection_.emplace(testing::test_server());
    source_ = testing::fresh_database(*connection_, "source");
    {
      Connection filler(testing::test_server().with_database(source_));
      fill_source(filler);
    }
    settled_connections_in(source_, 0);  // the filler's gone: later counts are the capture's
    directory_ = testing::temporary_directory();
    payload_ = directory_ / "capture.tdm";
  }

  CaptureOptions options(unsigned threads) {
    CaptureOptions options;
    options.threads = threads;
    options.chunk_bytes = 16 << 10;  // many chunks per table, so the readers interleave
    return options;
  }

  // Captures, counting its connections once the rows are being read and the lock connection
  // is gone: it closes when it has read the stored objects, which on this small database may
  // be before or after the rows start (settled_connections_in).
  CaptureStats capture(CaptureOptions options, int* connections = nullptr) {
    options.progress = [&](const ProgressUpdate& update) {
      if (connections && update.phase == "reading rows" && update.rows_done == 0 &&
          !update.finished)
        *connections = settled_connections_in(source_, options.threads);
    };
    return capture_database(testing::test_server(), source_, payload_, options);
  }

  void expect_round_trip(const CaptureStats& captured) {
    std::string target = testing::fresh_database(*connection_, "copy");
    RestoreRequest request;
    request.payload_path = payload_;
    request.expected_sha256 = captured.payload_sha256;
    request.target_database = target;
    request.snapshot_name = "parallel-1.0.0-abc";
    request.data_model_hash = "abc";
    request.threads = 2;
    restore_database(testing::test_server(), request, TestDatabaseRule());
    EXPECT_EQ(checksums(*connection_, target), checksums(*connection_, source_));
    for (const TableStats& table : captured.tables) {
      EXPECT_EQ(
          std::to_string(table.rows),
          connection_->scalar("SELECT COUNT(*) FROM " + Connection::quote_identifier(source_) +
                              "." + Connection::quote_identifier(table.name)))
          << table.name;
    }
  }

  std::optional<Connection> connection_;
  std::string source_;
  fs::path directory_;
  fs::path payload_;
};

TEST_F(ParallelCapture, TwoConnectionsRoundTripTablesOfDifferentSizes) {
  int connections = 0;
  CaptureStats captured = capture(options(2), &connections);
  EXPECT_EQ(connections, 2) << "the rows were not read on two connections";
  ASSERT_EQ(captured.tables.size(), 5u);
  EXPECT_EQ(captured.tables[1].name, "big");  // in the inventory's order, whatever was read first
  EXPECT_EQ(captured.tables[1].rows, 40000u);
  expect_round_trip(captured);
}

TEST_F(ParallelCapture, OneThreadReadsOnTheCapturesOwnConnection) {
  int connections = 0;
  CaptureStats captured = capture(options(1), &connections);
  EXPECT_EQ(connections, 1);
  expect_round_trip(captured);
}

// The payload's bytes follow from the data alone: however many connections read it and
// whichever of them is quicker, a capture of the same data names the same payload.
TEST_F(ParallelCapture, AnyNumberOfReadersWritesTheSameBytes) {
  const std::string one_reader = capture(options(1)).payload_sha256;
  for (int round = 0; round < 4; ++round) {
    EXPECT_EQ(capture(options(2)).payload_sha256, one_reader) << "round " << round;
  }
}

// Holding the tables still needs LOCK TABLES: an account with SELECT alone reads
// on its one connection and captures the same data.
TEST_F(ParallelCapture, AnAccountThatMayNotLockTablesReadsOnOneConnection) {
  // A user name has at most 80 characters.
  testing::TemporaryAccount reader(source_.substr(0, 24) + "_r", "reader-pw",
                                   "IDENTIFIED BY 'reader-pw'");
  connection_->execute("GRANT SELECT ON " + Connection::quote_identifier(source_) + ".* TO " +
                       reader.account());
  CaptureOptions two = options(2);
  int connections = 0;
  two.progress = [&](const ProgressUpdate& update) {
    // The reader it opened before the lock was refused is closed by now; the lock connection
    // closes once it has read the stored objects, which may be before or after this.
    if (update.phase == "reading rows" && update.rows_done == 0 && !update.finished)
      connections = settled_connections_in(source_, 1);
  };
  CaptureStats captured = capture_database(reader.params(), source_, payload_, two);
  EXPECT_EQ(connections, 1) << "the rows were read on several connections without the lock";
  expect_round_trip(captured);
}

// Writes one row to each of two tables in one transaction per round, on a thread of its own,
// until destroyed: whatever moment a read view shows, both tables have as many rows.
class PairWriter {
 public:
  explicit PairWriter(const std::string& database) {
    Connection setup(testing::test_server().with_database(database));
    setup.execute("CREATE TABLE left_side (id INT AUTO_INCREMENT PRIMARY KEY, v INT)");
    setup.execute("CREATE TABLE right_side (id INT AUTO_INCREMENT PRIMARY KEY, v INT)");
    thread_ = std::thread([this, database] {
      try {
        Connection writing(testing::test_server().with_database(database));
        while (!stop_) {
          writing.execute(
              "START TRANSACTION; INSERT INTO left_side (v) VALUES (1);"
              " INSERT INTO right_side (v) VALUES (1); COMMIT");
          ++rounds_;
        }
      } catch (const Error&) {  // shows as too few rounds
      }
    });
  }
  ~PairWriter() {
    stop_ = true;
    thread_.join();
  }
  int rounds() const { return rounds_; }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> rounds_{0};
  std::thread thread_;
};

TEST_F(ParallelCapture, TheReadersOfASharedSnapshotSeeTheSameCommits) {
  PairWriter writer(source_);
  std::vector<std::string> tables{"left_side", "right_side"};
  for (int i = 0; i < 20; ++i) {
    Connection first = open_capture_reader(testing::test_server(), source_);
    Connection second = open_capture_reader(testing::test_server(), source_);
    Connection locker(testing::test_server().with_database(""));
    ASSERT_TRUE(start_shared_snapshot(locker, source_, tables, {&first, &second}));
    std::this_thread::sleep_for(std::chrono::milliseconds(5));  // commits go on meanwhile
    EXPECT_EQ(first.scalar("SELECT COUNT(*) FROM left_side"),
              second.scalar("SELECT COUNT(*) FROM right_side"));
  }
  EXPECT_GT(writer.rounds(), 20) << "the writer hardly ran: the test proves nothing";
}

TEST_F(ParallelCapture, CommitsDuringTheCaptureCannotMakeTablesDisagree) {
  PairWriter writer(source_);
  std::vector<CaptureStats> captures;
  for (int i = 0; i < 4; ++i) captures.push_back(capture(options(2)));
  EXPECT_GT(writer.rounds(), 20) << "the writer hardly ran: the test proves nothing";
  for (const CaptureStats& captured : captures) {
    std::map<std::string, std::uint64_t> rows;
    for (const TableStats& table : captured.tables) rows[table.name] = table.rows;
    EXPECT_EQ(rows.at("left_side"), rows.at("right_side"));
  }
}

// Several chunks per table, the readers held back at once (one byte of read-ahead): each
// table's data is still whole and in order, chunk for chunk what one connection writes.
TEST_F(ParallelCapture, ChunksOfATableStayTogetherAndInOrder) {
  std::vector<TableInfo> tables;
  {
    Connection reader(testing::test_server());
    tables = read_inventory(reader, source_).tables;
  }
  // Small chunks and one byte of memory for chunks read ahead: nearly every chunk of a table read
  // before its turn goes through a reader's spill file.
  constexpr std::size_t kChunk = 4 << 10;
  fs::path parallel = directory_ / "parallel.tdm", single = directory_ / "single.tdm";
  {
    Connection first = open_capture_reader(testing::test_server(), source_);
    Connection second = open_capture_reader(testing::test_server(), source_);
    std::vector<std::string> names;
    for (const TableInfo& table : tables) names.push_back(table.name);
    Connection locker(testing::test_server().with_database(""));
    ASSERT_TRUE(start_shared_snapshot(locker, source_, names, {&first, &second}));
    PayloadWriter writer(parallel);
    writer.write_database({source_, "utf8mb4", "utf8mb4_general_ci", "", ""});
    capture_tables_in_parallel({&first, &second}, tables, writer, kChunk, nullptr, directory_, 1);
    writer.commit();
  }
  {
    Connection reader = open_capture_reader(testing::test_server(), source_);
    start_snapshot(reader);
    PayloadWriter writer(single);
    writer.write_database({source_, "utf8mb4", "utf8mb4_general_ci", "", ""});
    for (const TableInfo& table : tables) capture_table_data(reader, table, kChunk, writer);
    writer.commit();
  }
  PayloadFile parallel_file(parallel), single_file(single);
  std::map<std::string, TableData> expected;
  for (TableData& data : read_payload_index(single_file).data) expected[data.layout.table] = data;
  PayloadIndex index = read_payload_index(parallel_file);
  ASSERT_EQ(index.data.size(), tables.size());
  for (const TableData& data : index.data) {
    const TableData& want = expected.at(data.layout.table);
    EXPECT_EQ(data.rows, want.rows) << data.layout.table;
    ASSERT_EQ(data.chunks.size(), want.chunks.size()) << data.layout.table;
    for (std::size_t i = 0; i < data.chunks.size(); ++i) {
      ASSERT_EQ(parallel_file.read_exact(data.chunks[i].offset, data.chunks[i].size),
                single_file.read_exact(want.chunks[i].offset, want.chunks[i].size))
          << data.layout.table << " chunk " << i;
    }
  }
  EXPECT_GT(expected.at("big").chunks.size(), 100u);
}

TEST_F(ParallelCapture, ATableGoneBeforeItIsReadFailsTheCaptureAndLeavesNoFile) {
  CaptureOptions dropping = options(2);
  dropping.progress = [&](const ProgressUpdate& update) {
    if (update.phase != "reading rows" || update.rows_done != 0 || update.finished) return;
    // `small` is read after the bigger tables, and after its definition was: drop it in between.
    Connection other(testing::test_server().with_database(source_));
    other.execute("SET SESSION lock_wait_timeout = 5");
    other.execute("DROP TABLE small");
  };
  try {
    capture_database(testing::test_server(), source_, payload_, dropping);
    FAIL() << "the capture of a dropped table succeeded";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kDatabase);
    EXPECT_NE(std::string(error.what()).find("capturing database '" + source_ + "'"),
              std::string::npos)
        << error.what();
    EXPECT_NE(std::string(error.what()).find("`small`"), std::string::npos) << error.what();
  }
  EXPECT_TRUE(fs::is_empty(directory_)) << "a payload or temporary file was left";
}

TEST_F(ParallelCapture, TheFirstFailureStopsTheOtherReaderAtOnce) {
  std::vector<TableInfo> tables;
  {
    Connection reader(testing::test_server());
    tables = read_inventory(reader, source_).tables;
  }
  TableInfo missing = tables.front();
  missing.name = "no_such_table";
  missing.estimated_bytes = std::uint64_t{1} << 40;  // handed out first, beside `big`
  tables.insert(tables.begin(), missing);
  Connection first = open_capture_reader(testing::test_server(), source_);
  Connection second = open_capture_reader(testing::test_server(), source_);
  start_snapshot(first);
  start_snapshot(second);
  {
    PayloadWriter writer(payload_);
    // One byte of memory for read-ahead: the reader of `big` spills, and stops at its next chunk
    // once told to.
    EXPECT_THROW(
        {
          try {
            capture_tables_in_parallel({&first, &second}, tables, writer, 1024, nullptr, directory_,
                                       1);
          } catch (const Error& error) {
            EXPECT_NE(std::string(error.what()).find("no_such_table"), std::string::npos)
                << error.what();
            throw;
          }
        },
        Error);
  }
  EXPECT_FALSE(fs::exists(payload_));
  EXPECT_TRUE(fs::is_empty(directory_));
}

}  // namespace
}  // namespace tdm
