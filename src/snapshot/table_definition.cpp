#include "snapshot/table_definition.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "core/identifier.hpp"

namespace tdm {

namespace {

bool starts_with(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

std::string trimmed(const std::string& line) {
  std::size_t begin = line.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  std::size_t end = line.find_last_not_of(" \t\r,");
  return line.substr(begin, end - begin + 1);
}

// The identifiers of the first "(`a`,`b`)" list at or after `pos`, its prefix lengths left out;
// `pos` is left after the list's closing parenthesis (at the end when there is none).
std::vector<std::string> column_list(const std::string& text, std::size_t& pos) {
  std::vector<std::string> columns;
  pos = text.find('(', pos);
  if (pos == std::string::npos) {
    pos = text.size();
    return columns;
  }
  ++pos;
  while (pos < text.size() && text[pos] != ')') {
    if (text[pos] == '`') {
      columns.push_back(read_quoted_identifier(text, pos));
      if (pos < text.size() && text[pos] == '(') pos = text.find(')', pos) + 1;  // `c`(10)
    } else {
      ++pos;
    }
  }
  pos = std::min(pos + 1, text.size());
  return columns;
}

// The action after "ON DELETE " or "ON UPDATE " (`clause`) in `rules`, the end of a foreign key
// line where no identifier is left; RESTRICT, which the server does not write, when absent.
std::string referential_action(const std::string& rules, const std::string& clause) {
  std::size_t at = rules.find(clause);
  if (at == std::string::npos) return "RESTRICT";
  at += clause.size();
  for (const char* action : {"CASCADE", "SET NULL", "SET DEFAULT", "NO ACTION", "RESTRICT"}) {
    if (rules.compare(at, std::string(action).size(), action) == 0) return action;
  }
  return rules.substr(at, rules.find(' ', at) - at);
}

// "REFERENCES [`db`.]`table` (`a`, ...) [ON DELETE ...] [ON UPDATE ...]" from `pos` on.
ForeignKeyReference parse_reference(const std::string& line, std::size_t pos) {
  ForeignKeyReference reference;
  const std::string keyword = " REFERENCES ";
  pos = line.find(keyword, pos);
  if (pos == std::string::npos) return reference;
  pos += keyword.size();
  reference.table = read_quoted_identifier(line, pos);
  if (pos < line.size() && line[pos] == '.') {
    ++pos;
    reference.database = std::move(reference.table);
    reference.table = read_quoted_identifier(line, pos);
  }
  reference.columns = column_list(line, pos);
  std::string rules = line.substr(pos);
  reference.on_delete = referential_action(rules, "ON DELETE ");
  reference.on_update = referential_action(rules, "ON UPDATE ");
  return reference;
}

// The type at the start of `rest`: a word with its parenthesised part (quotes inside may hold
// anything), and the modifiers that belong to it.
std::size_t type_length(const std::string& rest) {
  std::size_t pos = 0;
  int depth = 0;
  char quote = 0;
  for (; pos < rest.size(); ++pos) {
    char c = rest[pos];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '(') {
      ++depth;
    } else if (c == ')') {
      --depth;
    } else if (c == ' ' && depth == 0) {
      break;
    }
  }
  for (const char* modifier : {" unsigned", " zerofill"}) {
    if (rest.compare(pos, std::string(modifier).size(), modifier) == 0) {
      pos += std::string(modifier).size();
    }
  }
  return pos;
}

ColumnDefinition parse_column(const std::string& line) {
  ColumnDefinition column;
  std::size_t pos = 0;
  column.name = read_quoted_identifier(line, pos);
  std::string rest = pos < line.size() ? line.substr(pos + 1) : "";
  std::size_t length = type_length(rest);
  column.type = rest.substr(0, length);
  column.attributes = length < rest.size() ? trimmed(rest.substr(length)) : "";
  const std::string& attributes = column.attributes;
  column.nullable = attributes.find("NOT NULL") == std::string::npos;
  column.has_default = attributes.find("DEFAULT ") != std::string::npos ||
                       attributes.find("AUTO_INCREMENT") != std::string::npos ||
                       attributes.find("GENERATED ALWAYS") != std::string::npos ||
                       starts_with(attributes, "AS (");
  return column;
}

IndexDefinition parse_index(const std::string& line) {
  IndexDefinition index;
  index.text = line;
  index.unique = starts_with(line, "PRIMARY KEY") || starts_with(line, "UNIQUE KEY");
  if (starts_with(line, "PRIMARY KEY")) {
    index.name = "PRIMARY";
  } else {
    std::size_t pos = line.find('`');
    if (pos != std::string::npos) index.name = read_quoted_identifier(line, pos);
  }
  std::size_t after_name = line.find('(');
  if (after_name == std::string::npos) after_name = 0;
  index.columns = column_list(line, after_name);
  return index;
}

ConstraintDefinition parse_constraint(const std::string& line) {
  ConstraintDefinition constraint;
  constraint.text = line;
  std::size_t pos = line.find('`');
  if (pos != std::string::npos) {
    constraint.name = read_quoted_identifier(line, pos);
  } else {
    pos = 0;
  }
  // Right after the name: a name may hold any text.
  const std::string keyword = " FOREIGN KEY ";
  constraint.foreign_key = line.compare(pos, keyword.size(), keyword) == 0;
  if (constraint.foreign_key) {
    constraint.columns = column_list(line, pos);
    constraint.references = parse_reference(line, pos);
  }
  return constraint;
}

template <typename T>
const T* find_named(const std::vector<T>& items, const std::string& name) {
  for (const T& item : items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}

}  // namespace

const ColumnDefinition* TableDefinitionParts::column(const std::string& wanted) const {
  return find_named(columns, wanted);
}
const IndexDefinition* TableDefinitionParts::index(const std::string& wanted) const {
  return find_named(indexes, wanted);
}
const ConstraintDefinition* TableDefinitionParts::constraint(const std::string& wanted) const {
  return find_named(constraints, wanted);
}

TableDefinitionParts parse_table_definition(const std::string& create_table) {
  TableDefinitionParts table;
  std::istringstream lines(create_table);
  std::string raw;
  bool first = true;
  while (std::getline(lines, raw)) {
    std::string line = trimmed(raw);
    if (first) {
      std::size_t pos = line.find('`');
      if (pos != std::string::npos) table.name = read_quoted_identifier(line, pos);
      first = false;
    } else if (starts_with(line, "`")) {
      table.columns.push_back(parse_column(line));
    } else if (starts_with(line, "PRIMARY KEY") || starts_with(line, "UNIQUE KEY") ||
               starts_with(line, "KEY") || starts_with(line, "FULLTEXT KEY") ||
               starts_with(line, "SPATIAL KEY")) {
      table.indexes.push_back(parse_index(line));
    } else if (starts_with(line, "CONSTRAINT")) {
      table.constraints.push_back(parse_constraint(line));
    } else if (starts_with(line, ")")) {
      table.options = trimmed(line.substr(1));
    }
  }
  return table;
}

}  // namespace tdm
