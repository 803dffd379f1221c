#include "snapshot/payload/member_labels.hpp"

#include <charconv>
#include <cstdint>
#include <string_view>

namespace tdm {

namespace {

// "`a``b`" for the column a`b, as SHOW CREATE TABLE quotes it.
std::string quoted_column(const std::string& column) {
  std::string quoted = "`";
  for (char c : column) quoted += c == '`' ? std::string("``") : std::string(1, c);
  return quoted + "`";
}

// The members of "'a','it''s','b\\c')" up to the closing parenthesis, as SHOW CREATE TABLE
// writes them: a quote doubled, a backslash escaped.
std::optional<std::vector<std::string>> parse_members(std::string_view text) {
  std::vector<std::string> members;
  std::size_t at = 0;
  while (at < text.size() && text[at] == '\'') {
    std::string member;
    for (++at;; ++at) {
      if (at >= text.size()) return std::nullopt;
      if (text[at] == '\\' && at + 1 < text.size()) {
        member += text[++at];
      } else if (text[at] == '\'' && at + 1 < text.size() && text[at + 1] == '\'') {
        member += '\'';
        ++at;
      } else if (text[at] == '\'') {
        break;
      } else {
        member += text[at];
      }
    }
    members.push_back(std::move(member));
    ++at;  // past the closing quote
    if (at < text.size() && text[at] == ',') ++at;
  }
  if (at >= text.size() || text[at] != ')') return std::nullopt;
  return members;
}

}  // namespace

std::optional<MemberLabels> MemberLabels::of(const std::string& create_table,
                                             const std::string& column) {
  const std::string start = "\n  " + quoted_column(column) + " ";
  std::size_t at = create_table.find(start);
  if (at == std::string::npos) return std::nullopt;
  std::string_view rest = std::string_view(create_table).substr(at + start.size());
  for (const auto& [type, is_set] : {std::pair{"enum(", false}, std::pair{"set(", true}}) {
    std::string_view prefix(type);
    if (rest.substr(0, prefix.size()) != prefix) continue;
    auto members = parse_members(rest.substr(prefix.size()));
    if (!members) return std::nullopt;
    return MemberLabels(is_set, std::move(*members));
  }
  return std::nullopt;
}

std::optional<std::string> MemberLabels::label(const std::string& number) const {
  std::uint64_t value = 0;
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (number.empty() || error != std::errc() || end != number.data() + number.size()) {
    return std::nullopt;
  }
  if (!is_set_) {
    if (value == 0) return std::string();
    if (value > members_.size()) return std::nullopt;
    return members_[value - 1];
  }
  std::string labels;
  for (std::size_t bit = 0; bit < 64 && value != 0; ++bit, value >>= 1) {
    if ((value & 1) == 0) continue;
    if (bit >= members_.size()) return std::nullopt;
    labels += (labels.empty() ? "" : ",") + members_[bit];
  }
  return labels;
}

std::vector<std::optional<MemberLabels>> member_labels(const TableDataLayout& layout,
                                                       const std::string& create_table) {
  std::vector<std::optional<MemberLabels>> labels;
  for (const DataColumn& column : layout.columns) {
    labels.push_back(column.encoding == ColumnEncoding::kUnsigned
                         ? MemberLabels::of(create_table, column.name)
                         : std::nullopt);
  }
  return labels;
}

}  // namespace tdm
