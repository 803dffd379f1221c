#include "engine/reset/binlog_events.hpp"

#include <zlib.h>

#include <fstream>

namespace tdm {

namespace fs = std::filesystem;

namespace binlog {

bool carries_rows(std::uint8_t type) {
  return (type >= kWriteRowsV1 && type <= kDeleteRowsV1) ||
         (type >= kWriteRowsV2 && type <= kDeleteRowsV2) ||
         (type >= kWriteRowsCompressedV2 && type <= kDeleteRowsCompressedV1);
}

std::uint64_t read_le(std::string_view bytes, std::size_t at, std::size_t width) {
  std::uint64_t value = 0;
  for (std::size_t i = width; i-- > 0;) {
    value = (value << 8) | static_cast<unsigned char>(bytes[at + i]);
  }
  return value;
}

void write_le(std::string& bytes, std::size_t at, std::size_t width, std::uint64_t value) {
  for (std::size_t i = 0; i < width; ++i, value >>= 8) {
    bytes[at + i] = static_cast<char>(value & 0xff);
  }
}

}  // namespace binlog

namespace {

using binlog::kChecksumSize;
using binlog::kHeaderSize;

constexpr std::string_view kMagic =
    "\xfe"
    "bin";
constexpr std::size_t kSizeOffset = 9;          // of the event's size in its header
constexpr std::size_t kHeaderFlagsOffset = 17;  // of the event's flags in its header
// Set in the format description of a file the server has open, after its checksum was taken.
constexpr std::uint64_t kFileInUse = 0x0001;  // LOG_EVENT_BINLOG_IN_USE_F
// The format description's body: binlog version (2), server version (50), creation time (4),
// header size (1), then one post-header size per event type; then, from servers that know
// checksums, the algorithm (1) and the event's checksum (4).
constexpr std::size_t kPostHeaderSizesOffset = kHeaderSize + 2 + 50 + 4 + 1;
constexpr unsigned char kChecksumNone = 0;
constexpr unsigned char kChecksumCrc32 = 1;

std::uint32_t crc32_of(std::string_view bytes) {
  return static_cast<std::uint32_t>(
      ::crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size())));
}

bool checksum_matches(std::string_view event) {
  std::size_t body = event.size() - kChecksumSize;
  return crc32_of(event.substr(0, body)) == binlog::read_le(event, body, kChecksumSize);
}

// Bytes [from, to) of a file; nullopt when it is shorter.
std::optional<std::string> read_range(std::ifstream& in, std::uint64_t from, std::uint64_t to) {
  std::string bytes(to - from, '\0');
  in.seekg(static_cast<std::streamoff>(from));
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (!in || static_cast<std::uint64_t>(in.gcount()) != bytes.size()) return std::nullopt;
  return bytes;
}

struct FileFormat {
  std::string description;  // the format description event
  bool checksums = false;
  std::vector<std::uint8_t> post_header_sizes;
};

// The format description that opens a file, and what it says.
std::optional<FileFormat> read_file_format(std::ifstream& in) {
  auto head = read_range(in, 0, kMagic.size() + kHeaderSize);
  if (!head || head->substr(0, kMagic.size()) != kMagic ||
      static_cast<std::uint8_t>((*head)[kMagic.size() + 4]) != binlog::kFormatDescription) {
    return std::nullopt;
  }
  std::uint64_t size = binlog::read_le(*head, kMagic.size() + kSizeOffset, 4);
  if (size < kPostHeaderSizesOffset + 1 + kChecksumSize) return std::nullopt;
  auto event = read_range(in, kMagic.size(), kMagic.size() + size);
  if (!event || static_cast<unsigned char>((*event)[kPostHeaderSizesOffset - 1]) != kHeaderSize) {
    return std::nullopt;
  }
  auto algorithm = static_cast<unsigned char>((*event)[size - kChecksumSize - 1]);
  if (algorithm != kChecksumNone && algorithm != kChecksumCrc32) return std::nullopt;
  FileFormat format;
  format.checksums = algorithm == kChecksumCrc32;
  binlog::write_le(*event, kHeaderFlagsOffset, 2,
                   binlog::read_le(*event, kHeaderFlagsOffset, 2) & ~kFileInUse);
  if (format.checksums && !checksum_matches(*event)) return std::nullopt;
  format.post_header_sizes.assign(event->begin() + kPostHeaderSizesOffset,
                                  event->end() - kChecksumSize - 1);
  format.description = std::move(*event);
  return format;
}

// Appends the table maps and row events of `bytes` (whole events, back to back).
bool take_events(std::string_view bytes, bool checksums, std::vector<BinlogEvent>& events) {
  while (!bytes.empty()) {
    if (bytes.size() < kHeaderSize) return false;
    std::uint64_t size = binlog::read_le(bytes, kSizeOffset, 4);
    std::size_t minimum = kHeaderSize + (checksums ? kChecksumSize : 0);
    if (size < minimum || size > bytes.size()) return false;
    std::string_view event = bytes.substr(0, size);
    bytes.remove_prefix(size);
    if (checksums && !checksum_matches(event)) return false;
    auto type = static_cast<std::uint8_t>(event[4]);
    if (type == binlog::kStartEncryption) return false;  // what follows is unreadable here
    if (type == binlog::kTableMap || binlog::carries_rows(type)) {
      events.push_back(BinlogEvent{std::string(event)});
    }
  }
  return true;
}

}  // namespace

std::size_t LogExcerpt::post_header_size(std::uint8_t type) const {
  return type >= 1 && type <= post_header_sizes.size() ? post_header_sizes[type - 1] : 0;
}

std::optional<LogExcerpt> read_log_excerpt(const fs::path& directory,
                                           const std::vector<std::string>& files,
                                           std::uint64_t start, std::uint64_t stop,
                                           std::uint64_t max_bytes) {
  LogExcerpt excerpt;
  std::uint64_t bytes_read = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    std::ifstream in(directory / files[i], std::ios::binary);
    if (!in) return std::nullopt;
    std::optional<FileFormat> format = read_file_format(in);
    if (!format) return std::nullopt;
    if (i == 0) {
      excerpt.format_description = format->description;
      excerpt.checksums = format->checksums;
      excerpt.post_header_sizes = format->post_header_sizes;
    } else if (format->checksums != excerpt.checksums ||
               format->post_header_sizes != excerpt.post_header_sizes) {
      return std::nullopt;  // the server's settings changed in between: keep it simple
    }
    // After a later file's format description: already checked, with its in-use flag cleared.
    std::uint64_t from = i == 0 ? start : kMagic.size() + format->description.size();
    std::uint64_t to = 0;
    if (i + 1 == files.size()) {
      to = stop;
    } else {
      in.seekg(0, std::ios::end);
      to = static_cast<std::uint64_t>(in.tellg());
    }
    if (from < kMagic.size() + format->description.size() || to < from) return std::nullopt;
    bytes_read += to - from;
    if (bytes_read > max_bytes) return std::nullopt;
    auto bytes = read_range(in, from, to);
    if (!bytes || !take_events(*bytes, excerpt.checksums, excerpt.events)) return std::nullopt;
  }
  return excerpt;
}

void seal_event(std::string& event, bool checksums) {
  if (!checksums) return;
  std::size_t body = event.size() - kChecksumSize;
  binlog::write_le(event, body, kChecksumSize, crc32_of(std::string_view(event).substr(0, body)));
}

}  // namespace tdm
