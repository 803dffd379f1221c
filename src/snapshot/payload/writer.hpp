#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "hashing/sha256.hpp"
#include "snapshot/payload/contents.hpp"

namespace tdm {

struct PayloadSummary {
  std::string sha256;  // of the whole file as written
  std::uint64_t bytes = 0;
  std::filesystem::path path;  // where it went
};

// The final path of a payload, chosen from its whole-file SHA-256 once it is written.
using PayloadNaming = std::function<std::filesystem::path(const std::string& sha256)>;

// Streams a payload (payload_format.hpp) to a temporary sibling of its final path and renames
// it into place only in commit(), so a failure or kill part-way never leaves a file at the
// final path. Sections must be written in restore order; table rows go through
// begin_data / append_field / append_null / end_row / end_data.
class PayloadWriter {
 public:
  // Small enough that the writer starts soon after the readers and ends soon after them (a
  // capture of ~10 MB took 5 ms longer with 1 MiB chunks), large enough that the per-chunk
  // hand-over costs nothing.
  static constexpr std::size_t kDefaultChunkBytes = std::size_t{256} << 10;

  // Throws Error(kSnapshot) when the directory is not writable.
  explicit PayloadWriter(std::filesystem::path path, std::size_t chunk_bytes = kDefaultChunkBytes);
  ~PayloadWriter();  // removes the temporary file unless committed
  PayloadWriter(const PayloadWriter&) = delete;
  PayloadWriter& operator=(const PayloadWriter&) = delete;

  void write_database(const DatabaseDefinition& database);
  void write_sequence(const SequenceDefinition& sequence);
  void write_table(const TableDefinition& table);
  void write_object(const StoredObject& object);

  void begin_data(const TableDataLayout& layout);
  void append_field(std::string_view value);
  void append_null();
  void end_row();
  std::uint64_t end_data();  // the number of rows written for the table
  // `rows` whole rows of LOAD DATA text (load_data_text.hpp, each ending in '\n') built
  // elsewhere, written as one chunk of the open data section: how rows read on other threads
  // reach the file. Mixes with the calls above between rows.
  void append_rows_chunk(std::string_view text, std::uint64_t rows);

  // The directory the payload is written in: room for scratch files beside it.
  std::filesystem::path directory() const;

  // Writes the end section and renames the file into place (see commit() on syncing): to the
  // path given at construction, or to `naming(sha256)` when given — a payload named by its
  // content, renamed over nothing but a file of the same content.
  PayloadSummary commit(const PayloadNaming& naming = {});

 private:
  enum class Stream { kNone, kRows };  // what the open section streams

  void write_section(char kind, const std::vector<std::string>& fields);
  void before_field();
  void flush_chunk();
  void write_chunk(std::string_view bytes);
  void append(std::string_view bytes);
  void flush_buffer();
  void write_out(std::string_view bytes);  // hashes and writes, bypassing buffer_
  void require_stream(Stream expected, const char* operation) const;

  std::filesystem::path path_;
  std::filesystem::path temporary_;
  std::size_t chunk_bytes_;
  int fd_ = -1;
  bool committed_ = false;

  std::string buffer_;  // bytes not yet written to fd_
  Sha256 digest_;       // of every byte handed to the file so far
  std::uint64_t offset_ = 0;
  std::uint64_t sections_ = 0;

  Stream stream_ = Stream::kNone;
  bool row_started_ = false;
  std::string chunk_;  // rows not yet written as a chunk
  std::uint64_t rows_ = 0;
};

}  // namespace tdm
