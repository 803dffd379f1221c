#pragma once

#include <filesystem>

namespace tdm {

// Checks a mysqldump / mariadb-dump file before it is applied to the import's scratch database.
// A dump made with --databases or --all-databases creates, drops or selects databases of its
// own (CREATE DATABASE, DROP DATABASE, USE): applied as it is, it would write into those
// databases instead of the scratch one, bypassing the test-database rule. Throws
// Error(kInvalidInput) "<file>:<line>: ..." naming the first such statement, and for a file
// that is missing or holds no statement.
void require_single_database_dump(const std::filesystem::path& dump);

}  // namespace tdm
