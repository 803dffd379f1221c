#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tdm::storage::redis {

// How an object is laid out in Redis. Its content is split into parts of at most kPartSize
// bytes (one big value would block the single-threaded server for every other client while it
// is copied), stored as `<header key>:part:<write id>:<i>`; the header key holds an
// ObjectHeader. Each put draws a new write id, so two writers of one key never mix their
// parts: the header names whose parts are the object.
inline constexpr std::size_t kPartSize = std::size_t{1} << 20;

struct ObjectHeader {
  std::string write_id;  // 16 hex digits
  std::uint64_t parts = 0;
  std::uint64_t size = 0;
};

std::string format_header(const ObjectHeader& header);
// nullopt for a value that is no header (another program's key, or a lease).
std::optional<ObjectHeader> parse_header(std::string_view text);

std::string part_key(const std::string& header_key, const std::string& write_id,
                     std::uint64_t index);
// Whether a key in the store is a part, not a header (list shows headers only).
bool is_part_key(std::string_view key);

// A fresh write id: 64 random bits as hex.
std::string new_write_id();

// The Redis key of a caller's key: `tdm:` + the location's path (slashes trimmed) + `/` + key.
std::string key_namespace(std::string_view location_path);

// `text` with the glob characters of SCAN MATCH escaped.
std::string glob_escaped(std::string_view text);

}  // namespace tdm::storage::redis
