#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "snapshot/payload/contents.hpp"

namespace tdm {

// Where one chunk of a table's LOAD DATA text lies in the payload file.
struct DataChunk {
  std::uint64_t offset = 0;
  std::uint64_t size = 0;
};

struct TableData {
  TableDataLayout layout;
  std::vector<DataChunk> chunks;
  std::uint64_t rows = 0;   // as counted by the writer
  std::uint64_t bytes = 0;  // of LOAD DATA text
};

// The structure of a payload: every definition, and where each table's data lies (the data
// itself is read on demand through PayloadFile).
struct PayloadIndex {
  std::uint32_t format_version = 0;
  DatabaseDefinition database;
  std::vector<SequenceDefinition> sequences;
  std::vector<TableDefinition> tables;
  std::vector<TableData> data;
  std::vector<StoredObject> objects;
  std::uint64_t end_offset = 0;  // where the end section starts
  std::string recorded_sha256;   // the end section's digest of the bytes before it
  std::uint64_t file_bytes = 0;

  // The CREATE TABLE of `table`; "" when the payload has no such table.
  std::string create_statement_of(const std::string& table) const;
  // The rows of `table`; null when the payload holds none for it.
  const TableData* data_of(const std::string& table) const;
};

// An open payload file read at explicit offsets, so several threads can each use their own.
class PayloadFile {
 public:
  // Throws Error(kSnapshot) when the file is missing or unreadable.
  explicit PayloadFile(const std::filesystem::path& path);
  ~PayloadFile();
  PayloadFile(const PayloadFile&) = delete;
  PayloadFile& operator=(const PayloadFile&) = delete;

  std::uint64_t size() const { return size_; }
  int descriptor() const { return fd_; }
  const std::filesystem::path& path() const { return path_; }

  // Reads up to `length` bytes at `offset`; fewer only at the end of the file.
  std::size_t read_at(std::uint64_t offset, char* out, std::size_t length) const;
  // Exactly `length` bytes or Error(kSnapshot, truncated).
  std::string read_exact(std::uint64_t offset, std::size_t length) const;
  // The same into `bytes`, whose capacity is reused.
  void read_exact_into(std::uint64_t offset, std::size_t length, std::string& bytes) const;

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

// Reads and checks the structure of the payload at `path`. Throws Error(kSnapshot) naming the
// file when it is missing, not a payload, of a newer format, truncated or structurally corrupt.
PayloadIndex read_payload_index(const std::filesystem::path& path);
PayloadIndex read_payload_index(const PayloadFile& file);

// Calls `on_row` with every row (one LOAD DATA line, without its '\n') of one table's data.
void for_each_row(const PayloadFile& file, const TableData& data,
                  const std::function<void(std::string_view line)>& on_row);

}  // namespace tdm
