#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tdm {

// The binary log's files, read in this process. A file is a 4-byte magic number and then
// events. Each event is a 19-byte header (timestamp, type, server id, size, end position,
// flags) and a body. When the log has checksums (binlog_checksum=CRC32), each event ends with
// the CRC32 of all its bytes before. The file's first event, the format description, tells
// which: its algorithm byte sits just before its own checksum.

namespace binlog {

inline constexpr std::size_t kHeaderSize = 19;
inline constexpr std::size_t kChecksumSize = 4;

// The event types a reset reads (MariaDB's numbering).
enum EventType : std::uint8_t {
  kFormatDescription = 15,
  kTableMap = 19,
  kWriteRowsV1 = 23,
  kUpdateRowsV1 = 24,
  kDeleteRowsV1 = 25,
  kWriteRowsV2 = 30,
  kUpdateRowsV2 = 31,
  kDeleteRowsV2 = 32,
  kStartEncryption = 164,
  kWriteRowsCompressedV2 = 166,
  kUpdateRowsCompressedV2 = 167,
  kDeleteRowsCompressedV2 = 168,
  kWriteRowsCompressedV1 = 169,
  kUpdateRowsCompressedV1 = 170,
  kDeleteRowsCompressedV1 = 171,
};

// Any event that carries rows, in whichever of the forms above.
bool carries_rows(std::uint8_t type);

// Little-endian integers at `at` (the caller checked the bytes are there).
std::uint64_t read_le(std::string_view bytes, std::size_t at, std::size_t width);
void write_le(std::string& bytes, std::size_t at, std::size_t width, std::uint64_t value);

}  // namespace binlog

// One event as written: header, body and (when the log has them) checksum.
struct BinlogEvent {
  std::string bytes;

  std::uint8_t type() const { return static_cast<std::uint8_t>(bytes[4]); }
};

// The events between two positions of the log, with what is needed to replay them.
struct LogExcerpt {
  std::string format_description;  // the first file's, as written
  bool checksums = false;          // every event ends with its CRC32
  // The post-header sizes the format description gives, by event type (index type - 1).
  std::vector<std::uint8_t> post_header_sizes;
  std::vector<BinlogEvent> events;  // table maps and row events only, in the log's order

  std::size_t post_header_size(std::uint8_t type) const;
};

// Reads the events from `start` in the first of `files` (consecutive files of `directory`) to
// `stop` in the last. nullopt when they are not as this reader knows them (a file missing or
// shorter than `stop`, a checksum algorithm other than none or CRC32, a checksum that does
// not match, an encrypted log, an event running past `stop`), or when the range holds more
// than `max_bytes` of the log, which is then read no further. A caller then finds the changes
// some other way.
std::optional<LogExcerpt> read_log_excerpt(const std::filesystem::path& directory,
                                           const std::vector<std::string>& files,
                                           std::uint64_t start, std::uint64_t stop,
                                           std::uint64_t max_bytes);

// Writes the checksum of an event whose bytes changed (nothing without checksums).
void seal_event(std::string& event, bool checksums);

}  // namespace tdm
