#include "engine/common/auto_increment.hpp"

#include <cctype>
#include <map>

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

std::vector<std::string> restore_auto_increments(Connection& connection,
                                                 const std::string& database,
                                                 const PayloadIndex& index) {
  std::map<std::string, std::string> live;  // tables with a counter at all
  Result result = connection.query(
      "SELECT TABLE_NAME, AUTO_INCREMENT FROM information_schema.TABLES WHERE TABLE_SCHEMA = " +
      connection.quote(database) + " AND AUTO_INCREMENT IS NOT NULL");
  while (auto row = result.next()) live[row->str(0)] = row->str(1);

  std::vector<std::string> set;
  for (const TableDefinition& table : index.tables) {
    auto counter = live.find(table.name);
    if (counter == live.end()) continue;
    std::string wanted =
        std::to_string(declared_auto_increment(table.create_statement).value_or(1));
    if (counter->second == wanted) continue;
    connection.execute("ALTER TABLE " + Connection::quote_identifier(database) + "." +
                       Connection::quote_identifier(table.name) + " AUTO_INCREMENT = " + wanted);
    set.push_back(table.name);
  }
  return set;
}

}  // namespace tdm
