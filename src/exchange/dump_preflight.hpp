#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "seed/sql_script.hpp"

namespace tdm {

// Checks a mysqldump / mariadb-dump file before it is applied to the import's scratch database.
// A dump made with --databases or --all-databases creates, drops or selects databases of its
// own (CREATE DATABASE, DROP DATABASE, USE): applied as it is, it would write into those
// databases instead of the scratch one, bypassing the test-database rule. Throws
// Error(kInvalidInput) "<file>:<line>: ..." naming the first such statement, and for a file
// that is missing or holds no statement.
void require_single_database_dump(const std::filesystem::path& dump);

// mariadb-dump sets the dumped database's defaults around a routine, trigger or event made under
// other ones with `ALTER DATABASE `<dumped database>` CHARACTER SET ...`, and back after it.
// In an import they belong to the scratch database the dump is loaded into: this drops the name
// from an ALTER DATABASE (or SCHEMA) statement, so that it changes the current database, and
// never another one. Other statements are left as they are.
void drop_database_name_from_alter(SqlStatement& statement);

// The database a mysqldump / mariadb-dump file was made of, from its header line
// "-- Host: <host>    Database: <name>"; nullopt when the first lines do not say (a dump of
// several databases, or a file without the header).
std::optional<std::string> dumped_database_name(const std::filesystem::path& dump);

// A dump's CREATE TABLE is SHOW CREATE TABLE, which names a sequence of the table's own
// database with that database's name: DEFAULT nextval(`<dumped database>`.`seq`). Loaded as it
// is, the copy would draw its values from the original database's sequence (or fail where it
// does not exist). This drops the qualifier from a CREATE TABLE statement; others are left.
void drop_dumped_database_qualifier(SqlStatement& statement, const std::string& dumped_database);

}  // namespace tdm
