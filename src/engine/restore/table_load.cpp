#include "engine/restore/table_load.hpp"

#include <mysqld_error.h>

#include "core/error.hpp"
#include "snapshot/payload/load_data_text.hpp"

namespace tdm {

namespace {

std::string first_warning(Connection& connection) {
  if (connection.warning_count() == 0) return "the server gave no warning";
  Result warnings = connection.query("SHOW WARNINGS LIMIT 1");
  auto row = warnings.next();
  return row && row->size() >= 3 ? row->str(0) + " " + row->str(1) + ": " + row->str(2)
                                 : "unknown warning";
}

// ENUM fields of `table` holding index 0, what a permissive sql_mode stores for a string
// outside the list. Storing index 0 raises warning 1265 under every sql_mode, and it is the
// only warning an ENUM loaded from its captured index can raise.
std::uint64_t enum_fields_at_index_zero(Connection& connection, const std::string& table) {
  Result columns = connection.query(
      "SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE()"
      " AND TABLE_NAME = " +
      connection.quote(table) + " AND DATA_TYPE = 'enum'");
  std::string sum;
  while (auto column = columns.next()) {
    sum += (sum.empty() ? "" : " + ") + std::string("IFNULL(SUM(") +
           Connection::quote_identifier(column->str(0)) + " + 0 = 0), 0)";
  }
  if (sum.empty()) return 0;
  return std::stoull(
      connection.scalar("SELECT " + sum + " FROM " + Connection::quote_identifier(table))
          .value_or("0"));
}

}  // namespace

std::string load_data_statement(const TableDataLayout& layout, std::string_view database,
                                LoadDuplicates duplicates) {
  std::string columns;
  std::string assignments;
  for (std::size_t i = 0; i < layout.columns.size(); ++i) {
    const DataColumn& column = layout.columns[i];
    std::string quoted = Connection::quote_identifier(column.name);
    if (!columns.empty()) columns += ", ";
    if (column.encoding == ColumnEncoding::kUnsigned) {
      std::string variable = "@tdm_" + std::to_string(i);
      columns += variable;
      assignments +=
          (assignments.empty() ? " SET " : ", ") + quoted + " = CAST(" + variable + " AS UNSIGNED)";
    } else {
      columns += quoted;
    }
  }
  std::string table = Connection::quote_table(database, layout.table);
  return "LOAD DATA LOCAL INFILE 'tdm-payload' " +
         std::string(duplicates == LoadDuplicates::kReplace ? "REPLACE " : "") + "INTO TABLE " +
         table + " CHARACTER SET binary " + std::string(kLoadDataFormatClauses) + " (" + columns +
         ")" + assignments;
}

std::uint64_t load_table(Connection& connection, LocalInfileFeed& feed, const TableData& data) {
  if (data.rows == 0) return 0;
  const std::string& table = data.layout.table;
  feed.set_source(data);
  Attempt<> load;
  try {
    // MariaDB's "local infile disabled" and MySQL's older "command not allowed".
    load = connection.try_execute(load_data_statement(data.layout),
                                  {ER_LOAD_INFILE_CAPABILITY_DISABLED, ER_NOT_ALLOWED_COMMAND});
  } catch (const Error& error) {
    throw Error(error.code(), "loading table `" + table + "`: " + error.what());
  }
  if (!load) {
    throw Error(
        ExitCode::kDatabase,
        "the server refuses LOAD DATA LOCAL INFILE, which restoring needs: " + load.message(),
        "allow it on the server: SET GLOBAL local_infile = 1 (or start it with "
        "--local-infile=1)");
  }
  std::uint64_t loaded = connection.affected_rows();
  std::uint64_t warnings = connection.warning_count();
  if (warnings == 0 && loaded == data.rows) return loaded;
  // Read before the count below, which clears the warnings.
  std::string warning = first_warning(connection);
  if (warning.find(" " + std::to_string(ER_WARNING_NON_DEFAULT_VALUE_FOR_GENERATED_COLUMN) + ":") !=
      std::string::npos) {
    throw Error(ExitCode::kDatabase,
                "table `" + table +
                    "` holds system-versioned history, whose periods this server does not let "
                    "a client insert (" +
                    warning + ")",
                "restore on MariaDB 10.11 or later started with secure_timestamp=NO (TDM's "
                "embedded server is), as a user who may set system_versioning_insert_history");
  }
  if (loaded != data.rows || warnings != enum_fields_at_index_zero(connection, table)) {
    throw Error(ExitCode::kDatabase,
                "loading table `" + table + "` stored " + std::to_string(loaded) + " of " +
                    std::to_string(data.rows) + " rows or changed them (" + warning + ")",
                "check that the server's version and settings match the one the snapshot was "
                "captured on, or recreate the snapshot");
  }
  return loaded;
}

}  // namespace tdm
