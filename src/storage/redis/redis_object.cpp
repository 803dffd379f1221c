#include "storage/redis/redis_object.hpp"

#include <random>
#include <sstream>

namespace tdm::storage::redis {

namespace {
// Changing the layout means a new tag: an old reader then sees "no header", never misreads.
constexpr std::string_view kHeaderTag = "tdm-redis-object 1";
constexpr std::size_t kWriteIdDigits = 16;

bool is_write_id(std::string_view text) {
  return text.size() == kWriteIdDigits &&
         text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}
}  // namespace

std::string format_header(const ObjectHeader& header) {
  return std::string(kHeaderTag) + " " + header.write_id + " " + std::to_string(header.parts) +
         " " + std::to_string(header.size);
}

std::optional<ObjectHeader> parse_header(std::string_view text) {
  if (!text.starts_with(kHeaderTag) || text.size() == kHeaderTag.size() ||
      text[kHeaderTag.size()] != ' ') {
    return std::nullopt;
  }
  std::istringstream fields{std::string(text.substr(kHeaderTag.size() + 1))};
  ObjectHeader header;
  std::string rest;
  if (!(fields >> header.write_id >> header.parts >> header.size) || (fields >> rest) ||
      !is_write_id(header.write_id)) {
    return std::nullopt;
  }
  return header;
}

std::string part_key(const std::string& header_key, const std::string& write_id,
                     std::uint64_t index) {
  return header_key + ":part:" + write_id + ":" + std::to_string(index);
}

bool is_part_key(std::string_view key) {
  // `...:part:<write id>:<index>`
  std::size_t index_start = key.rfind(':');
  if (index_start == std::string_view::npos || index_start + 1 == key.size()) return false;
  std::string_view index = key.substr(index_start + 1);
  if (index.find_first_not_of("0123456789") != std::string_view::npos) return false;
  std::string_view before_index = key.substr(0, index_start);
  if (before_index.size() < kWriteIdDigits) return false;
  std::string_view write_id = before_index.substr(before_index.size() - kWriteIdDigits);
  return is_write_id(write_id) &&
         before_index.substr(0, before_index.size() - kWriteIdDigits).ends_with(":part:");
}

std::string new_write_id() {
  std::random_device source;  // getrandom(): two processes never draw the same sequence
  std::uint64_t value = (std::uint64_t{source()} << 32) | source();
  std::ostringstream hex;
  hex << std::hex;
  hex.width(kWriteIdDigits);
  hex.fill('0');
  hex << value;
  return hex.str();
}

std::string key_namespace(std::string_view location_path) {
  std::size_t first = location_path.find_first_not_of('/');
  if (first == std::string_view::npos) return "tdm:";
  std::size_t last = location_path.find_last_not_of('/');
  return "tdm:" + std::string(location_path.substr(first, last - first + 1)) + "/";
}

std::string glob_escaped(std::string_view text) {
  std::string escaped;
  for (char c : text) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') escaped += '\\';
    escaped += c;
  }
  return escaped;
}

}  // namespace tdm::storage::redis
