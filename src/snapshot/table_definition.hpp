#pragma once

#include <optional>
#include <string>
#include <vector>

namespace tdm {

// A column as SHOW CREATE TABLE writes it: "`email` varchar(191) NOT NULL DEFAULT ''".
struct ColumnDefinition {
  std::string name;
  std::string type;        // "varchar(191)", "int(10) unsigned", "enum('a','b')"
  std::string attributes;  // everything after the type, as written
  bool nullable = true;
  bool has_default = false;  // DEFAULT, AUTO_INCREMENT or a generated column: inserts need no value
};

// A key line: PRIMARY KEY, UNIQUE KEY, KEY, FULLTEXT KEY, SPATIAL KEY.
struct IndexDefinition {
  std::string name;  // "PRIMARY" for the primary key
  std::vector<std::string> columns;
  bool unique = false;
  std::string text;  // the whole line, to tell changed indexes of one name apart
};

// What a foreign key refers to, and what deleting or updating a referenced row does.
struct ForeignKeyReference {
  std::string database;  // "" for the table's own database (SHOW CREATE TABLE names no other)
  std::string table;
  std::vector<std::string> columns;  // in the order of the key's own columns
  // RESTRICT (written as nothing), CASCADE, SET NULL, NO ACTION or SET DEFAULT.
  std::string on_delete = "RESTRICT";
  std::string on_update = "RESTRICT";
};

// A CONSTRAINT line: a foreign key or a check.
struct ConstraintDefinition {
  std::string name;
  bool foreign_key = false;
  std::vector<std::string> columns;  // a foreign key's own columns; empty for a check
  ForeignKeyReference references;    // a foreign key's only
  std::string text;
};

// The parts of one table's definition that clients depend on.
struct TableDefinitionParts {
  std::string name;
  std::vector<ColumnDefinition> columns;
  std::vector<IndexDefinition> indexes;  // the primary key among them
  std::vector<ConstraintDefinition> constraints;
  std::string options;  // after the closing parenthesis: ENGINE=..., CHARSET=...

  const ColumnDefinition* column(const std::string& name) const;
  const IndexDefinition* index(const std::string& name) const;
  const ConstraintDefinition* constraint(const std::string& name) const;
};

// Reads the text of SHOW CREATE TABLE, one element per line as the server writes it. Lines it
// does not recognise are ignored (they are still compared as text by the diff engine).
TableDefinitionParts parse_table_definition(const std::string& create_table);

}  // namespace tdm
