#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <vector>

#include "connection/connection_params.hpp"
#include "seed/sql_script.hpp"

namespace tdm {

// The *.sql files of `dirs` in the order they are applied: the directories in the order given,
// within each the files directly in it (no subdirectories) in lexical (byte) order of name.
// Hidden files (".name.sql", editor leftovers) are skipped. Throws Error(kInvalidInput) for a
// directory that does not exist and when there is no SQL file at all.
std::vector<std::filesystem::path> sql_files_in(const std::vector<std::filesystem::path>& dirs);

struct SqlRunReport {
  std::size_t files = 0;
  std::size_t statements = 0;
};

// Applies `files` in order to `target.database` (which must exist). Each file runs on a
// connection of its own, as `mariadb DB < file` would, so session settings of one file
// (SET FOREIGN_KEY_CHECKS=0, ...) do not leak into the next. Stops at the first failing
// statement: Error(kSeed) "<file>:<line>: MariaDB error <code> (<message>)"; the statements
// before it stay applied. Error(kServer) when the connection is lost.
// `comments` says whether comments inside statements reach the server (sql_script.hpp);
// `adapt`, when given, may rewrite each statement before it is sent.
SqlRunReport apply_sql_files(const ConnectionParams& target,
                             const std::vector<std::filesystem::path>& files,
                             StatementComments comments = StatementComments::kDropped,
                             const std::function<void(SqlStatement&)>& adapt = {});

}  // namespace tdm
