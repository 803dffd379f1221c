#pragma once

#include <filesystem>

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

}  // namespace tdm
