#include <gtest/gtest.h>
#include <mysql.h>
#include <openssl/evp.h>

#include <string>
#include <vector>

#include "engine/reset/binlog_events.hpp"
#include "engine/reset/binlog_flashback.hpp"

namespace tdm {
namespace {

using namespace std::string_literals;

constexpr std::uint64_t kTableId = 7;

// An event as the server writes it: header, `body`, CRC32.
std::string event(std::uint8_t type, const std::string& body) {
  std::string bytes(binlog::kHeaderSize, '\0');
  bytes[4] = static_cast<char>(type);
  bytes += body;
  bytes.append(binlog::kChecksumSize, '\0');
  binlog::write_le(bytes, 9, 4, bytes.size());
  seal_event(bytes, true);
  return bytes;
}

std::string table_id_and_flags(std::uint16_t flags = 0) {
  std::string bytes(8, '\0');
  binlog::write_le(bytes, 0, 6, kTableId);
  binlog::write_le(bytes, 6, 2, flags);
  return bytes;
}

// `app`.`t` (id INT NOT NULL, name VARCHAR(10) NULL).
std::string table_map(const std::string& database = "app") {
  return event(binlog::kTableMap, table_id_and_flags() + char(database.size()) + database + "\0"s +
                                      "\1t\0"s + "\2"s + char(MYSQL_TYPE_LONG) +
                                      char(MYSQL_TYPE_VARCHAR) + "\2\50\0"s + "\2"s);
}

// A row image of both columns: NULL bitmap, id, then name unless it is NULL.
std::string image(std::uint32_t id, const char* name) {
  std::string bytes(1, name ? '\0' : '\2');
  std::string number(4, '\0');
  binlog::write_le(number, 0, 4, id);
  bytes += number;
  if (name) bytes += char(std::string(name).size()) + std::string(name);
  return bytes;
}

std::string rows_event(std::uint8_t type, const std::vector<std::string>& images) {
  std::string body = table_id_and_flags(1) + "\2\3"s;  // two columns, both present
  if (type == binlog::kUpdateRowsV1) body += "\3"s;    // in the after image too
  for (const std::string& one : images) body += one;
  return event(type, body);
}

// The same event from a log written without checksums (binlog_checksum=NONE).
std::string without_checksum(const std::string& with) {
  std::string bytes = with.substr(0, with.size() - binlog::kChecksumSize);
  binlog::write_le(bytes, 9, 4, bytes.size());
  return bytes;
}

LogExcerpt log_of(const std::vector<std::string>& events, bool checksums = true) {
  LogExcerpt log;
  log.format_description = event(binlog::kFormatDescription, "fde");
  log.checksums = checksums;
  log.post_header_sizes.assign(40, 8);
  for (const std::string& one : events) log.events.push_back(BinlogEvent{one});
  return log;
}

std::string decoded(const std::string& statement) {
  std::string text = statement.substr(8, statement.size() - 9);  // BINLOG '...'
  std::string bytes(text.size(), '\0');
  int size = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(bytes.data()),
                             reinterpret_cast<const unsigned char*>(text.data()),
                             static_cast<int>(text.size()));
  bytes.resize(static_cast<std::size_t>(size) - std::count(text.end() - 2, text.end(), '='));
  return bytes;
}

TEST(FlashbackScript, InvertsEventsNewestFirstAndRowsNewestFirst) {
  LogExcerpt log =
      log_of({table_map(), rows_event(binlog::kWriteRowsV1, {image(1, "a"), image(2, nullptr)}),
              table_map(), rows_event(binlog::kUpdateRowsV1, {image(1, "a"), image(1, "b")}),
              table_map("other"), rows_event(binlog::kDeleteRowsV1, {image(9, "z")})});
  std::optional<UndoScript> script = flashback_script(log, "app");
  ASSERT_TRUE(script.has_value());
  EXPECT_EQ(script->tables, std::set<std::string>{"t"});
  EXPECT_EQ(script->rows["t"].inserts, 2u);
  EXPECT_EQ(script->rows["t"].updates, 1u);
  EXPECT_EQ(script->rows["t"].deletes, 0u);
  ASSERT_EQ(script->statements.size(), 3u);
  EXPECT_EQ(script->statements[0], "START TRANSACTION");
  EXPECT_EQ(script->statements[2], "COMMIT");
  std::string expected = log.format_description + table_map() +
                         rows_event(binlog::kUpdateRowsV1, {image(1, "b"), image(1, "a")}) +
                         table_map() +
                         rows_event(binlog::kDeleteRowsV1, {image(2, nullptr), image(1, "a")});
  EXPECT_EQ(decoded(script->statements[1]), expected);
}

TEST(FlashbackScript, ALogWithoutChecksumsIsInvertedAlike) {
  std::vector<std::string> events = {
      table_map(), rows_event(binlog::kUpdateRowsV1, {image(1, "a"), image(1, "b")})};
  for (std::string& one : events) one = without_checksum(one);
  LogExcerpt log = log_of(events, false);
  std::optional<UndoScript> script = flashback_script(log, "app");
  ASSERT_TRUE(script.has_value());
  ASSERT_EQ(script->statements.size(), 3u);
  std::string expected =
      log.format_description + without_checksum(table_map()) +
      without_checksum(rows_event(binlog::kUpdateRowsV1, {image(1, "b"), image(1, "a")}));
  EXPECT_EQ(decoded(script->statements[1]), expected);
}

TEST(FlashbackScript, AnEventWithoutRowsOnlyEndsItsStatement) {
  LogExcerpt log = log_of({table_map(), rows_event(binlog::kWriteRowsV1, {image(1, "a")}),
                           table_map(), rows_event(binlog::kWriteRowsV1, {})});
  std::optional<UndoScript> script = flashback_script(log, "app");
  ASSERT_TRUE(script.has_value());
  EXPECT_EQ(script->rows["t"].inserts, 1u);
  ASSERT_EQ(script->statements.size(), 3u);
  EXPECT_EQ(decoded(script->statements[1]), log.format_description + table_map() +
                                                rows_event(binlog::kDeleteRowsV1, {image(1, "a")}));
}

TEST(FlashbackScript, OtherDatabasesAloneAreNothingToUndo) {
  LogExcerpt log = log_of({table_map("other"), rows_event(binlog::kDeleteRowsV1, {image(9, "z")})});
  std::optional<UndoScript> script = flashback_script(log, "app");
  ASSERT_TRUE(script.has_value());
  EXPECT_TRUE(script->statements.empty());
  EXPECT_TRUE(script->rows.empty());
}

TEST(FlashbackScript, AnotherDatabasesColumnsNeedNotBeSizable) {
  // `other`.`t` (doc JSON), a type MariaDB does not log: its rows are not this undo's concern.
  std::string unknown = event(binlog::kTableMap, table_id_and_flags() + "\5other\0\1t\0\1"s +
                                                     char(MYSQL_TYPE_JSON) + "\0\1"s);
  LogExcerpt log = log_of({unknown, rows_event(binlog::kDeleteRowsV1, {image(9, "z")}), table_map(),
                           rows_event(binlog::kWriteRowsV1, {image(1, "a")})});
  std::optional<UndoScript> script = flashback_script(log, "app");
  ASSERT_TRUE(script.has_value());
  EXPECT_EQ(script->rows["t"].inserts, 1u);
  EXPECT_FALSE(flashback_script(log, "other").has_value());
}

TEST(FlashbackScript, WhatItCannotInvertIsNoUndo) {
  std::string rows = rows_event(binlog::kWriteRowsV1, {image(1, "a")});
  EXPECT_FALSE(flashback_script(log_of({rows}), "app"));  // no table map before it
  std::string compressed = rows;
  compressed[4] = static_cast<char>(binlog::kWriteRowsCompressedV1);
  seal_event(compressed, true);
  EXPECT_FALSE(flashback_script(log_of({table_map(), compressed}), "app"));
  // The image claims a longer name than the event holds.
  std::string long_name = rows_event(binlog::kWriteRowsV1, {image(1, "a")});
  long_name[long_name.size() - 6] = '\7';
  seal_event(long_name, true);
  EXPECT_FALSE(flashback_script(log_of({table_map(), long_name}), "app"));
}

TEST(FlashbackScript, EveryCutOrChangedByteIsRefusedOrInvertedWithinBounds) {
  std::string map = table_map();
  std::string rows = rows_event(binlog::kUpdateRowsV1, {image(1, "ab"), image(1, nullptr)});
  for (std::string* target : {&map, &rows}) {
    std::string original = *target;
    for (std::size_t at = binlog::kHeaderSize; at + binlog::kChecksumSize < original.size(); ++at) {
      for (char value : {'\0', '\1', '\2', '\x7f', '\xfc', '\xff'}) {
        *target = original;
        (*target)[at] = value;
        seal_event(*target, true);
        // Under the sanitizers, any read past an event's bytes fails the test.
        std::optional<UndoScript> script = flashback_script(log_of({map, rows}), "app");
        if (script && !script->statements.empty()) {
          EXPECT_EQ(script->statements.size(), 3u);
        }
      }
      // Cut short: the header's size says so too, as the reader would have it.
      *target = original.substr(0, at) + original.substr(original.size() - binlog::kChecksumSize);
      binlog::write_le(*target, 9, 4, target->size());
      seal_event(*target, true);
      flashback_script(log_of({map, rows}), "app");
    }
    *target = original;
  }
}

}  // namespace
}  // namespace tdm
