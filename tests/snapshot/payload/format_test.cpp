#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "core/error.hpp"
#include "hashing/sha256.hpp"
#include "payload_test_support.hpp"
#include "snapshot/payload/format.hpp"
#include "snapshot/payload/load_data_text.hpp"
#include "snapshot/payload/reader.hpp"
#include "snapshot/payload/writer.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;
using namespace std::string_literals;

TEST(PayloadFormat, EverySectionReadsBackAsWritten) {
  fs::path path = fs::path(testing::temporary_directory()) / "sample.tdm";
  testing::write_sample_payload(path);

  PayloadIndex index = read_payload_index(path);
  EXPECT_EQ(index.format_version, payload::kFormatVersion);
  EXPECT_EQ(index.database.name, "source_test");
  EXPECT_EQ(index.database.collation, "utf8mb4_unicode_ci");
  EXPECT_EQ(index.database.comment, "a comment");
  ASSERT_EQ(index.sequences.size(), 1u);
  EXPECT_EQ(index.sequences[0].next_value, "1001");
  ASSERT_EQ(index.tables.size(), 2u);
  EXPECT_EQ(index.tables[1].create_statement, "CREATE TABLE `empty` (`a` int)");
  ASSERT_EQ(index.data.size(), 2u);
  EXPECT_EQ(index.data[0].rows, 20u);
  ASSERT_EQ(index.data[0].layout.columns.size(), 3u);
  EXPECT_EQ(index.data[0].layout.columns[2].encoding, ColumnEncoding::kUnsigned);
  EXPECT_EQ(index.data[1].rows, 0u);
  EXPECT_TRUE(index.data[1].chunks.empty());
  ASSERT_EQ(index.objects.size(), 2u);
  EXPECT_EQ(index.objects[1].type, "EVENT");
  EXPECT_EQ(index.objects[1].sql_mode, "STRICT_TRANS_TABLES");
  EXPECT_EQ(index.objects[1].time_zone, "SYSTEM");
  EXPECT_EQ(index.objects[1].database_collation, "latin1_swedish_ci");
  EXPECT_EQ(index.objects[0].database_collation, "");
  EXPECT_EQ(index.file_bytes, fs::file_size(path));
}

TEST(PayloadFormat, ChunksHoldWholeRowsAndRowsReadBack) {
  fs::path path = fs::path(testing::temporary_directory()) / "sample.tdm";
  testing::write_sample_payload(path, /*chunk_bytes=*/64);
  PayloadIndex index = read_payload_index(path);
  PayloadFile file(path);
  const TableData& data = index.data[0];
  EXPECT_GT(data.chunks.size(), 1u);
  for (const DataChunk& chunk : data.chunks) {
    std::string text = file.read_exact(chunk.offset, chunk.size);
    EXPECT_EQ(text.back(), '\n');
  }
  std::vector<std::string> lines;
  for_each_row(file, data, [&](std::string_view line) { lines.emplace_back(line); });
  ASSERT_EQ(lines.size(), 20u);
  auto first = parse_load_data_line(lines[0]);
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(first[0].value_or(""), "0");
  EXPECT_FALSE(first[1].has_value());
  auto second = parse_load_data_line(lines[1]);
  EXPECT_EQ(second[1].value_or(""), "x\0\t\n\\y1"s);
}

TEST(PayloadFormat, SummaryDigestIsTheWholeFile) {
  fs::path path = fs::path(testing::temporary_directory()) / "sample.tdm";
  PayloadSummary summary = testing::write_sample_payload(path);
  EXPECT_EQ(summary.sha256, sha256_file_hex(path));
  EXPECT_EQ(summary.bytes, fs::file_size(path));
}

TEST(PayloadFormat, NothingAppearsBeforeCommitAndAnAbandonedWriterLeavesNoFile) {
  fs::path dir = testing::temporary_directory();
  fs::path path = dir / "abandoned.tdm";
  {
    PayloadWriter writer(path);
    writer.write_table({"t", "CREATE TABLE t (a int)"});
    writer.begin_data({"t", {{"a", ColumnEncoding::kText}}});
    writer.append_field("1");
    writer.end_row();
    EXPECT_FALSE(fs::exists(path));
  }
  EXPECT_TRUE(fs::is_empty(dir));
}

TEST(PayloadFormat, MisuseIsAnInternalError) {
  fs::path path = fs::path(testing::temporary_directory()) / "misuse.tdm";
  PayloadWriter writer(path);
  EXPECT_THROW(writer.append_field("x"), Error);
  writer.begin_data({"t", {{"a", ColumnEncoding::kText}}});
  try {
    writer.write_table({"u", "CREATE TABLE u (a int)"});
    FAIL() << "a section inside table data was accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kInternal);
  }
}

TEST(PayloadFormat, AnUnwritableDirectoryIsASnapshotError) {
  try {
    PayloadWriter writer("/proc/definitely/not/here.tdm");
    FAIL() << "writer opened an impossible path";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kSnapshot);
  }
}

}  // namespace
}  // namespace tdm
