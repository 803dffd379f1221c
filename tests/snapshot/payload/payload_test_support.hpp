#pragma once

#include <filesystem>
#include <fstream>
#include <string>

#include "snapshot/payload/writer.hpp"
#include "support/test_files.hpp"

namespace tdm::testing {

// A small payload with one of each section, two tables of data and awkward bytes.
inline PayloadSummary write_sample_payload(const std::filesystem::path& path,
                                           std::size_t chunk_bytes = 64) {
  using namespace std::string_literals;
  PayloadWriter writer(path, chunk_bytes);
  writer.write_database({"source_test", "utf8mb4", "utf8mb4_unicode_ci", "a comment", "10.11"});
  writer.write_sequence({"seq", "CREATE SEQUENCE `seq`", "1001", "0"});
  writer.write_table({"t", "CREATE TABLE `t` (`a` int, `b` blob, `c` bit(3))"});
  writer.write_table({"empty", "CREATE TABLE `empty` (`a` int)"});
  writer.begin_data({"t",
                     {{"a", ColumnEncoding::kText},
                      {"b", ColumnEncoding::kText},
                      {"c", ColumnEncoding::kUnsigned}}});
  for (int i = 0; i < 20; ++i) {
    writer.append_field(std::to_string(i));
    if (i % 3 == 0) {
      writer.append_null();
    } else {
      writer.append_field("x\0\t\n\\y"s + std::to_string(i));
    }
    writer.append_field("5");
    writer.end_row();
  }
  writer.end_data();
  writer.begin_data({"empty", {{"a", ColumnEncoding::kText}}});
  writer.end_data();
  writer.write_object(
      {"VIEW", "v", "CREATE VIEW `v` AS SELECT 1", "", "utf8mb4", "utf8mb4_general_ci", ""});
  writer.write_object({"EVENT", "e", "CREATE EVENT `e` ...", "STRICT_TRANS_TABLES", "utf8mb4",
                       "utf8mb4_general_ci", "SYSTEM", "latin1_swedish_ci"});
  return writer.commit();
}

}  // namespace tdm::testing
