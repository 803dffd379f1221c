#include "snapshot/payload/auto_increment_option.hpp"

#include <cctype>

namespace tdm {

namespace {

constexpr std::string_view kOption = " AUTO_INCREMENT=";

// Where the option's text (" AUTO_INCREMENT=<digits>") starts and how long it is; the table
// options come after the column list, which ends with a line starting with ')'.
std::optional<std::pair<std::size_t, std::size_t>> find_option(std::string_view create_table) {
  std::size_t options = create_table.find("\n)");
  if (options == std::string_view::npos) return std::nullopt;
  std::size_t at = create_table.find(kOption, options);
  if (at == std::string_view::npos) return std::nullopt;
  std::size_t end = at + kOption.size();
  while (end < create_table.size() && std::isdigit(static_cast<unsigned char>(create_table[end])))
    ++end;
  if (end == at + kOption.size()) return std::nullopt;
  return std::make_pair(at, end - at);
}

}  // namespace

std::optional<std::uint64_t> declared_auto_increment(std::string_view create_table) {
  auto option = find_option(create_table);
  if (!option) return std::nullopt;
  std::string digits(
      create_table.substr(option->first + kOption.size(), option->second - kOption.size()));
  return std::stoull(digits);
}

std::string without_auto_increment(std::string_view create_table) {
  std::string text(create_table);
  if (auto option = find_option(create_table)) text.erase(option->first, option->second);
  return text;
}

}  // namespace tdm
