#include "exchange/sql_export.hpp"

#include "core/error.hpp"
#include "exchange/output_file.hpp"
#include "exchange/sql_literals.hpp"
#include "exchange/view_order.hpp"
#include "snapshot/payload/load_data_text.hpp"
#include "snapshot/payload/member_labels.hpp"
#include "snapshot/payload/reader.hpp"
#include "snapshot/payload/verification.hpp"

namespace tdm {

namespace {

// Session settings the script relies on, saved first and put back at the end so a client
// session that sources the file is left as it was. They mirror the engine's restore session
// (engine/session_settings.cpp): no key or constraint checks on loaded rows, the payload's
// load sql_mode (every stored value loads back as it was), TIMESTAMPs in UTC.
// check_constraint_checks is MariaDB's only, hence the MariaDB-only comment; everything else
// is plain MySQL too.
std::string prologue() {
  return "SET @tdm_old_character_set_client = @@character_set_client,\n"
         "    @tdm_old_character_set_results = @@character_set_results,\n"
         "    @tdm_old_collation_connection = @@collation_connection,\n"
         "    @tdm_old_time_zone = @@time_zone, @tdm_old_sql_mode = @@sql_mode,\n"
         "    @tdm_old_foreign_key_checks = @@foreign_key_checks,\n"
         "    @tdm_old_unique_checks = @@unique_checks, @tdm_old_sql_notes = @@sql_notes;\n"
         "/*M!100201 SET @tdm_old_check_constraint_checks = @@check_constraint_checks,"
         " check_constraint_checks = 0 */;\n"
         // History rows of system-versioned tables keep their periods (MariaDB 10.11+, a server
         // whose secure_timestamp is not YES).
         "/*M!101100 SET @tdm_old_system_versioning_insert_history ="
         " @@system_versioning_insert_history, system_versioning_insert_history = 1 */;\n"
         "SET NAMES utf8mb4;\n"
         "SET time_zone = '+00:00', sql_mode = '" +
         std::string(kLoadSqlMode) +
         "',\n"
         "    foreign_key_checks = 0, unique_checks = 0, sql_notes = 0;\n";
}

constexpr const char* kEpilogue =
    "SET character_set_client = @tdm_old_character_set_client,\n"
    "    character_set_results = @tdm_old_character_set_results,\n"
    "    collation_connection = @tdm_old_collation_connection,\n"
    "    time_zone = @tdm_old_time_zone, sql_mode = @tdm_old_sql_mode,\n"
    "    foreign_key_checks = @tdm_old_foreign_key_checks,\n"
    "    unique_checks = @tdm_old_unique_checks, sql_notes = @tdm_old_sql_notes;\n"
    "/*M!100201 SET check_constraint_checks = @tdm_old_check_constraint_checks */;\n"
    "/*M!101100 SET system_versioning_insert_history = "
    "@tdm_old_system_versioning_insert_history */;\n";

// Comment lines must not be ended early by a newline in a name or a comment.
std::string one_line(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

std::string contents(const PayloadIndex& index) {
  std::uint64_t rows = 0;
  for (const TableData& data : index.data) rows += data.rows;
  return std::to_string(index.tables.size()) + " tables, " + std::to_string(rows) + " rows, " +
         std::to_string(index.sequences.size()) + " sequences, " +
         std::to_string(index.objects.size()) + " routines/views/triggers/events\n";
}

std::string stable_header(const PayloadIndex& index) {
  return "-- TDM golden baseline: the accepted state of a fixture's data, as a portable SQL "
         "script.\n"
         "-- contents: " +
         contents(index) +
         "-- Rows are in the order their table keeps them (primary-key order for InnoDB), one per "
         "line: review a change to it as any text.\n\n";
}

std::string header(const SqlExportSource& source, const PayloadIndex& index) {
  return "-- TDM snapshot export: a portable SQL script of one snapshot.\n"
         "-- snapshot:        " +
         one_line(source.snapshot_id) +
         "\n"
         "-- payload sha256:  " +
         source.payload_sha256 +
         "\n"
         "-- data model hash: " +
         source.data_model_hash +
         "\n"
         "-- created:         " +
         source.created_at_iso +
         "\n"
         "-- captured from:   `" +
         one_line(index.database.name) + "` on MariaDB " + one_line(index.database.server_version) +
         "\n"
         "-- contents:        " +
         contents(index) +
         "--\n"
         "-- Restore into a database of your choice: mariadb DB < FILE.sql\n"
         "-- It creates and selects no database; existing objects of the same names are "
         "replaced,\n"
         "-- and the database's default character set, collation and comment are set to the "
         "snapshot's.\n"
         "-- Comments inside routine, trigger and event bodies are kept only with the "
         "client's --comments:\n"
         "--   mariadb --comments DB < FILE.sql\n\n";
}

// The database's defaults, before any object is created: tables without a character set of
// their own and the "Database Collation" routines, triggers and events record take them.
// ALTER DATABASE without a name changes the database the file is loaded into.
std::string database_defaults(const DatabaseDefinition& database) {
  std::string out;
  if (!database.charset.empty() || !database.collation.empty()) {
    out += "ALTER DATABASE";
    if (!database.charset.empty()) out += " CHARACTER SET " + quote_sql_text(database.charset);
    if (!database.collation.empty()) out += " COLLATE " + quote_sql_text(database.collation);
    out += ";\n";
  }
  // COMMENT on a database is MariaDB's only (10.5.0 and later); an empty one clears the
  // target's.
  out += "/*M!100500 ALTER DATABASE COMMENT " + quote_sql_text(database.comment) + " */;\n\n";
  return out;
}

std::string schema_section(const PayloadIndex& index) {
  std::string out;
  for (const SequenceDefinition& sequence : index.sequences) {
    std::string name = quote_sql_identifier(sequence.name);
    out += "-- Sequence " + one_line(name) + "\nDROP SEQUENCE IF EXISTS " + name + ";\n" +
           sequence.create_statement + ";\nDO SETVAL(" + name + ", " + setval_arguments(sequence) +
           ");\n\n";
  }
  for (const TableDefinition& table : index.tables) {
    std::string name = quote_sql_identifier(table.name);
    out += "-- Table " + one_line(name) + "\nDROP TABLE IF EXISTS " + name + ";\n" +
           table.create_statement + ";\n\n";
  }
  return out;
}

// Streams one table's rows as INSERT statements of about `limit` bytes each.
class InsertWriter {
 public:
  InsertWriter(OutputFile& file, const TableDataLayout& layout, const std::string& create_table,
               std::size_t limit)
      : file_(file), layout_(layout), labels_(member_labels(layout, create_table)), limit_(limit) {
    prefix_ = "INSERT INTO " + quote_sql_identifier(layout.table) + " (";
    for (std::size_t i = 0; i < layout.columns.size(); ++i) {
      prefix_ += (i == 0 ? "" : ", ") + quote_sql_identifier(layout.columns[i].name);
    }
    prefix_ += ") VALUES\n";
  }

  void add(std::string_view line) {
    auto fields = parse_load_data_line(line);
    if (fields.size() != layout_.columns.size()) {
      throw Error(ExitCode::kSnapshot,
                  "a row of table `" + layout_.table + "` has " + std::to_string(fields.size()) +
                      " fields where the payload declares " +
                      std::to_string(layout_.columns.size()) + " columns",
                  "recreate the snapshot");
    }
    buffer_ += buffer_.empty() ? prefix_ : ",\n";
    buffer_ += '(';
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (i > 0) buffer_ += ", ";
      append_value(i, fields[i]);
    }
    buffer_ += ')';
    ++rows_;
    if (buffer_.size() >= limit_) flush();
  }

  // ENUM and SET values as their labels, for people who read the file; ENUM index 0 stays the
  // number, as '' would load as a member '' where the list has one.
  void append_value(std::size_t column, const std::optional<std::string>& value) {
    const std::optional<MemberLabels>& labels = labels_[column];
    if (labels && value && *value != "0") {
      if (std::optional<std::string> label = labels->label(*value)) {
        append_sql_value(buffer_, label, ColumnEncoding::kText);
        return;
      }
    }
    append_sql_value(buffer_, value, layout_.columns[column].encoding);
  }

  void flush() {
    if (buffer_.empty()) return;
    buffer_ += ";\n";
    file_.write(buffer_);
    buffer_.clear();
  }

  std::uint64_t rows() const { return rows_; }

 private:
  OutputFile& file_;
  const TableDataLayout& layout_;
  std::vector<std::optional<MemberLabels>> labels_;  // per column: ENUM and SET only
  std::size_t limit_;
  std::string prefix_;
  std::string buffer_;
  std::uint64_t rows_ = 0;
};

std::uint64_t write_rows(OutputFile& out, const PayloadFile& payload, const TableData& data,
                         const std::string& create_table, std::size_t insert_bytes) {
  if (data.rows == 0 || data.layout.columns.empty()) return 0;
  out.write("-- Data of " + one_line(quote_sql_identifier(data.layout.table)) + " (" +
            std::to_string(data.rows) + " rows)\n");
  InsertWriter inserts(out, data.layout, create_table, insert_bytes);
  for_each_row(payload, data, [&](std::string_view line) { inserts.add(line); });
  inserts.flush();
  out.write("\n");
  return inserts.rows();
}

// A client delimiter for a routine, trigger or event body: one its text does not contain.
std::string delimiter_for(const std::string& body) {
  for (std::string candidate : {";;", "$$", "//"}) {
    if (body.find(candidate) == std::string::npos) return candidate;
  }
  std::string candidate = ";;";
  while (body.find(candidate) != std::string::npos) candidate += ';';
  return candidate;
}

// Each object under the session context it was defined in, as the engine restores it.
std::string object_with_context(const StoredObject& object) {
  std::string name = quote_sql_identifier(object.name);
  std::string out = "-- " + object.type + " " + one_line(name) + "\nDROP " + object.type +
                    " IF EXISTS " + name + ";\nSET sql_mode = " + quote_sql_text(object.sql_mode);
  if (!object.character_set_client.empty()) {
    out += ", character_set_client = " + quote_sql_text(object.character_set_client);
  }
  if (!object.collation_connection.empty()) {
    out += ", collation_connection = " + quote_sql_text(object.collation_connection);
  }
  if (!object.time_zone.empty()) out += ", time_zone = " + quote_sql_text(object.time_zone);
  out += ";\n";
  if (object.type == "VIEW") return out + object.create_statement + ";\n\n";
  // Bodies hold ';' of their own: the client must not split them (mysqldump does the same).
  // The delimiter goes on a line of its own: after a body's trailing "-- comment" it would
  // be part of the comment, and the client would read on into the next statements.
  std::string delimiter = delimiter_for(object.create_statement);
  return out + "DELIMITER " + delimiter + "\n" + object.create_statement + "\n" + delimiter +
         "\nDELIMITER ;\n\n";
}

// A routine, trigger or event made while the database's default collation was another one
// keeps that one as its "Database Collation": the database has it while the object is made.
// `database_collation`: the database's own, which the file set at its start; "" when the file
// leaves the database's defaults alone (a golden baseline), and then so does this.
std::string object_statement(const StoredObject& object, const std::string& database_collation) {
  if (database_collation.empty() || object.database_collation.empty() ||
      object.database_collation == database_collation) {
    return object_with_context(object);
  }
  return "ALTER DATABASE COLLATE " + quote_sql_text(object.database_collation) + ";\n" +
         object_with_context(object) + "ALTER DATABASE COLLATE " +
         quote_sql_text(database_collation) + ";\n\n";
}

std::string objects_section(const std::vector<StoredObject>& objects,
                            const std::string& database_collation) {
  std::string out;
  bool views_done = false;
  for (const StoredObject& object : objects) {
    if (object.type != "VIEW") {
      out += object_statement(object, database_collation);
    } else if (!views_done) {  // all views where the first one was: after the routines
      for (const StoredObject* view : views_in_dependency_order(objects)) {
        out += object_with_context(*view);
      }
      views_done = true;
    }
  }
  return out;
}

}  // namespace

SqlExportStats export_sql(const std::filesystem::path& payload, const SqlExportSource& source,
                          const std::filesystem::path& output, const SqlExportOptions& options) {
  PayloadFile file(payload);
  verify_payload(file, source.payload_sha256);
  PayloadIndex index = read_payload_index(file);

  OutputFile out(output);
  SqlExportStats stats;
  auto write = [&](std::string_view text) {
    out.write(text);
    stats.bytes += text.size();
  };
  write(options.stable_header ? stable_header(index) : header(source, index));
  write(prologue());
  write("\n");
  // A golden baseline is compared as data with the fixture's tables and objects, and its
  // accepted text stays as it was accepted: only the export carries the database's defaults.
  if (!options.stable_header) write(database_defaults(index.database));
  write(schema_section(index));
  // Values are written as binary strings: stored byte for byte whatever the column's charset.
  write("SET NAMES binary;\n\n");
  for (const TableData& data : index.data) {
    stats.rows += write_rows(out, file, data, index.create_statement_of(data.layout.table),
                             options.insert_bytes);
  }
  write("SET NAMES utf8mb4;\n\n");
  write(objects_section(index.objects, options.stable_header ? "" : index.database.collation));
  write(kEpilogue);
  write("-- End of TDM export\n");
  out.commit();
  stats.tables = index.tables.size();
  stats.bytes = std::filesystem::file_size(output);
  return stats;
}

SqlExportStats export_snapshot(const StoredSnapshot& snapshot,
                               const std::filesystem::path& output) {
  const SnapshotMetadata& meta = *snapshot.metadata;
  return export_sql(snapshot.payload_path,
                    {snapshot.id, meta.payload_sha256, meta.data_model_hash, meta.created_at_iso},
                    output);
}

}  // namespace tdm
