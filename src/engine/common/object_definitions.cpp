#include "engine/common/object_definitions.hpp"

#include <mysqld_error.h>

#include <optional>

#include "core/error.hpp"
#include "core/identifier.hpp"
#include "engine/common/definition_rewrite.hpp"

namespace tdm {

namespace {

// The first column whose name is `name`, or nullopt.
std::optional<unsigned> column_named(const Result& result, std::string_view name) {
  for (unsigned i = 0; i < result.field_count(); ++i) {
    if (result.field_name(i) == name) return i;
  }
  return std::nullopt;
}

// The statement column: "Create Table", "Create View", "Create Procedure", "Create Event",
// "SQL Original Statement" (triggers), ...
std::optional<unsigned> statement_column(const Result& result) {
  for (unsigned i = 0; i < result.field_count(); ++i) {
    std::string name = result.field_name(i);
    if (name.rfind("Create ", 0) == 0 || name == "SQL Original Statement") return i;
  }
  return std::nullopt;
}

[[noreturn]] void hidden(const std::string& what, Connection& connection) {
  throw Error(ExitCode::kDatabase,
              "cannot read the definition of " + what + " as " + connection.params().describe(),
              "capture as the objects' definer or a user with SHOW VIEW, TRIGGER, EVENT and "
              "SELECT on mysql.proc");
}

// A view whose tables, columns or functions are gone (or its definer's rights): the server
// keeps it, but no CREATE VIEW of its text can succeed, so a snapshot of it could never be
// restored. SHOW CREATE VIEW says so with warning ER_VIEW_INVALID.
void require_valid_view(Connection& connection, const std::string& view) {
  if (connection.warning_count() == 0) return;
  Result warnings = connection.query("SHOW WARNINGS");
  while (auto warning = warnings.next()) {
    if (warning->size() < 3 || warning->str(1) != std::to_string(ER_VIEW_INVALID)) continue;
    throw Error(ExitCode::kDatabase,
                "view `" + view + "` cannot be captured: " + warning->str(2) +
                    "; no snapshot of it could ever be restored",
                "create the tables, columns or functions it uses again, or replace (CREATE OR "
                "REPLACE VIEW) or drop the view, then capture again");
  }
}

std::string optional_text(const Row& row, std::optional<unsigned> column) {
  return column ? row.str(*column) : std::string();
}

}  // namespace

TableDefinition read_table_definition(Connection& connection, const std::string& database,
                                      const std::string& table) {
  return read_table_definitions(connection, database, {table}).front();
}

std::vector<TableDefinition> read_table_definitions(Connection& connection,
                                                    const std::string& database,
                                                    const std::vector<std::string>& tables) {
  if (tables.empty()) return {};
  std::string statements;
  for (const std::string& table : tables) {
    statements += (statements.empty() ? "" : "; ") + std::string("SHOW CREATE TABLE ") +
                  Connection::quote_identifier(table);
  }
  std::vector<Result> results = connection.query_all(statements);
  std::vector<TableDefinition> definitions;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    auto row = i < results.size() ? results[i].next() : std::nullopt;
    if (!row || row->size() < 2 || row->is_null(1)) hidden("table `" + tables[i] + "`", connection);
    definitions.push_back({tables[i], without_database_qualifier(row->view(1), database)});
  }
  return definitions;
}

SequenceDefinition read_sequence_definition(Connection& connection, const std::string& sequence) {
  std::string quoted = Connection::quote_identifier(sequence);
  Result result = connection.query("SHOW CREATE SEQUENCE " + quoted);
  auto row = result.next();
  if (!row || row->size() < 2 || row->is_null(1)) hidden("sequence `" + sequence + "`", connection);
  std::string create_sequence = row->str(1);
  // SHOW CREATE SEQUENCE leaves out table options such as MIN_ROWS and MAX_ROWS.
  Result table = connection.query("SHOW CREATE TABLE " + quoted);
  auto table_row = table.next();
  if (!table_row || table_row->size() < 2 || table_row->is_null(1)) {
    hidden("sequence `" + sequence + "`", connection);
  }
  SequenceDefinition definition{
      sequence, sequence_with_table_options(create_sequence, table_row->view(1)), "1", "0"};
  Result state = connection.query("SELECT next_not_cached_value, cycle_count FROM " + quoted);
  if (auto values = state.next()) {
    definition.next_value = values->str(0);
    definition.cycle_count = values->str(1);
  }
  return definition;
}

StoredObject read_object_definition(Connection& connection, const std::string& database,
                                    const ObjectName& object) {
  Result result = connection.query("SHOW CREATE " + object.type + " " +
                                   Connection::quote_identifier(object.name));
  std::string what = object.type + " `" + object.name + "`";
  auto statement = statement_column(result);
  auto row = result.next();
  if (!row || !statement || row->is_null(*statement)) hidden(what, connection);
  if (object.type == "VIEW") require_valid_view(connection, object.name);
  StoredObject stored;
  stored.type = object.type;
  stored.name = object.name;
  // Server-made view text may name the own database; routine, trigger and event bodies are
  // the user's text, kept as written.
  stored.create_statement = object.type == "VIEW"
                                ? without_database_qualifier(row->view(*statement), database)
                                : row->str(*statement);
  stored.sql_mode = optional_text(*row, column_named(result, "sql_mode"));
  stored.character_set_client = optional_text(*row, column_named(result, "character_set_client"));
  stored.collation_connection = optional_text(*row, column_named(result, "collation_connection"));
  stored.time_zone = optional_text(*row, column_named(result, "time_zone"));
  stored.database_collation = optional_text(*row, column_named(result, "Database Collation"));
  return stored;
}

}  // namespace tdm
