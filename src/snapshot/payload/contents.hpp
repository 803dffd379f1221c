#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace tdm {

// What one payload holds, section by section (see payload_format.hpp for the layout).

struct DatabaseDefinition {
  std::string name;  // the captured database; a restore may use another name
  std::string charset;
  std::string collation;
  std::string comment;
  std::string server_version;
};

struct TableDefinition {
  std::string name;
  std::string create_statement;  // SHOW CREATE TABLE, AUTO_INCREMENT=N included
};

struct SequenceDefinition {
  std::string name;
  std::string create_statement;   // SHOW CREATE SEQUENCE, with SHOW CREATE TABLE's options
  std::string next_value;         // restored with SETVAL(seq, next_value, 0, cycle_count)
  std::string cycle_count = "0";  // rounds done; payloads from before it was recorded: 0
};

// The arguments of the SETVAL that gives a created sequence its captured state:
// "next_value, 0, cycle_count", each checked to be an integer, since it is spliced in.
// Throws Error(kSnapshot) naming the sequence otherwise.
std::string setval_arguments(const SequenceDefinition& sequence);

// How a column's text in the data is loaded back.
enum class ColumnEncoding {
  kText,      // LOAD DATA stores the bytes as they are (CHARACTER SET binary)
  kUnsigned,  // a decimal number cast to UNSIGNED on load: BIT (LOAD DATA cannot take raw
              // bits), ENUM's index and SET's bit mask
};

struct DataColumn {
  std::string name;
  ColumnEncoding encoding = ColumnEncoding::kText;
};

// Header of one table's data: which columns the rows carry (generated columns never).
struct TableDataLayout {
  std::string table;
  std::vector<DataColumn> columns;
};

// A routine, view, trigger or event with the session context its definition was made in.
struct StoredObject {
  std::string type;  // PROCEDURE, FUNCTION, PACKAGE, PACKAGE BODY, VIEW, TRIGGER, EVENT
  std::string name;
  std::string create_statement;
  std::string sql_mode;
  std::string character_set_client;
  std::string collation_connection;
  std::string time_zone;  // events only; empty otherwise
  // The default collation of the database when the routine, trigger or event was made
  // (SHOW CREATE's "Database Collation"): string values in its body take it. Empty for views,
  // and in payloads from before it was recorded (then the database's own default applies).
  std::string database_collation = "";
};

std::string to_string(ColumnEncoding encoding);
// Throws Error(kSnapshot) for an encoding this version does not know.
ColumnEncoding column_encoding_from_string(const std::string& text);

}  // namespace tdm
