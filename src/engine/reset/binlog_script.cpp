#include "engine/reset/binlog_script.hpp"

#include <optional>

#include "core/identifier.hpp"

namespace tdm {

namespace {

std::string_view trimmed(std::string_view text) {
  std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  std::size_t last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

// "... Table_map: `db`.`table` mapped to number N": the table when it is of `database`.
std::optional<std::string> mapped_table(std::string_view comment, std::string_view database) {
  constexpr std::string_view kMarker = "Table_map: ";
  std::size_t at = comment.find(kMarker);
  if (at == std::string_view::npos) return std::nullopt;
  at += kMarker.size();
  if (read_quoted_identifier(comment, at) != database || at >= comment.size() ||
      comment[at] != '.') {
    return std::nullopt;
  }
  ++at;
  std::string table = read_quoted_identifier(comment, at);
  if (table.empty()) return std::nullopt;
  return table;
}

// "### INSERT INTO `db`.`t`", "### UPDATE `db`.`t`", "### DELETE FROM `db`.`t`": one row of
// the undo; counted as the change it undoes.
void count_row(std::string_view comment, std::string_view database, UndoScript& script) {
  struct Kind {
    std::string_view prefix;
    std::uint64_t LoggedRows::*undone;
  };
  static constexpr Kind kKinds[] = {{"### INSERT INTO ", &LoggedRows::deletes},
                                    {"### UPDATE ", &LoggedRows::updates},
                                    {"### DELETE FROM ", &LoggedRows::inserts}};
  for (const Kind& kind : kKinds) {
    if (comment.substr(0, kind.prefix.size()) != kind.prefix) continue;
    std::size_t at = kind.prefix.size();
    if (read_quoted_identifier(comment, at) != database || at >= comment.size() ||
        comment[at] != '.') {
      return;
    }
    ++at;
    std::string table = read_quoted_identifier(comment, at);
    if (!table.empty()) ++(script.rows[table].*kind.undone);
    return;
  }
}

}  // namespace

UndoScript parse_undo_script(std::string_view output, std::string_view database) {
  UndoScript script;
  std::string delimiter = ";";
  std::string statement;
  while (!output.empty()) {
    std::size_t end = output.find('\n');
    std::string_view line = output.substr(0, end);
    output = end == std::string_view::npos ? std::string_view() : output.substr(end + 1);

    if (statement.empty()) {
      std::string_view bare = trimmed(line);
      if (bare.empty()) continue;
      if (bare.front() == '#') {
        if (auto table = mapped_table(bare, database)) script.tables.insert(*table);
        count_row(bare, database, script);
        continue;
      }
      if (bare.substr(0, 10) == "DELIMITER ") {
        delimiter = std::string(trimmed(bare.substr(10)));
        continue;
      }
    }
    statement.append(line).append("\n");
    std::string_view text = trimmed(statement);
    if (text.size() >= delimiter.size() &&
        text.substr(text.size() - delimiter.size()) == delimiter) {
      std::string_view body = trimmed(text.substr(0, text.size() - delimiter.size()));
      // "/*!\C utf8mb4 */" is a command to the client (its character set), not SQL; the
      // connection is utf8mb4 already and BINLOG's text is ASCII.
      if (!body.empty() && body.substr(0, 4) != "/*!\\") script.statements.emplace_back(body);
      statement.clear();
    }
  }
  return script;
}

std::vector<std::string> undo_round_trips(const UndoScript& script) {
  std::vector<std::string> trips;
  std::string between;
  auto end_between = [&] {
    if (!between.empty()) trips.push_back(std::move(between));
    between.clear();
  };
  for (const std::string& statement : script.statements) {
    if (statement.rfind("BINLOG", 0) == 0) {
      end_between();
      trips.push_back(statement);
    } else {
      between += (between.empty() ? "" : ";\n") + statement;
    }
  }
  end_between();
  return trips;
}

}  // namespace tdm
