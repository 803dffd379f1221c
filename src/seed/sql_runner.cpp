#include "seed/sql_runner.hpp"

#include <errmsg.h>

#include <algorithm>
#include <system_error>

#include "connection/connection.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "seed/sql_script.hpp"
#include "seed/statement_batches.hpp"

namespace tdm {

namespace fs = std::filesystem;

namespace {

bool is_sql_file(const fs::directory_entry& entry) {
  std::error_code error;
  std::string name = entry.path().filename().string();
  return entry.is_regular_file(error) && !name.starts_with(".") &&
         entry.path().extension() == ".sql";
}

std::vector<fs::path> sql_files_directly_in(const fs::path& dir) {
  std::error_code error;
  if (!fs::is_directory(dir, error)) {
    throw Error(ExitCode::kInvalidInput, "SQL directory " + dir.string() + " does not exist",
                "check the --sql-dir (SQL_DIRS) path; relative paths start at the current "
                "directory");
  }
  std::vector<fs::path> files;
  fs::directory_iterator entries(dir, error);
  if (error) {
    throw Error(ExitCode::kInvalidInput,
                "cannot list SQL directory " + dir.string() + ": " + error.message(),
                "make it readable by this user");
  }
  for (const fs::directory_entry& entry : entries) {
    if (is_sql_file(entry)) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end(), [](const fs::path& a, const fs::path& b) {
    return a.filename().string() < b.filename().string();
  });
  return files;
}

std::string location(const fs::path& file, const SqlStatement& statement) {
  return file.string() + ":" + std::to_string(statement.line);
}

[[noreturn]] void throw_statement_error(const fs::path& file, const SqlStatement& statement,
                                        const StatementFailure& failure) {
  std::string problem = location(file, statement) + ": MariaDB error " +
                        std::to_string(failure.code) + " (" + failure.message + ")";
  // Client library errors (2000 and up) mean the server or the connection went away.
  if (failure.code >= CR_MIN_ERROR) {
    throw Error(ExitCode::kServer, problem,
                "check that the server is still running (its error log says why it stopped)");
  }
  throw Error(ExitCode::kSeed, problem,
              "correct that statement and seed again (seeding starts over from an empty "
              "database)");
}

std::size_t apply_sql_file(const ConnectionParams& target, const fs::path& file,
                           StatementComments comments,
                           const std::function<void(SqlStatement&)>& adapt) {
  std::vector<SqlStatement> statements = split_sql_script(read_file(file), file.string(), comments);
  if (statements.empty()) return 0;
  if (adapt) {
    for (SqlStatement& statement : statements) adapt(statement);
  }
  Connection connection(target);
  for (const StatementBatch& batch : batch_statements(statements)) {
    if (auto failure = connection.execute_multi(batch.sql)) {
      // A lone statement may answer with several results (CALL): it is still that statement.
      std::size_t failed = batch.first + std::min(failure->result_index, batch.count - 1);
      throw_statement_error(file, statements[failed], *failure);
    }
  }
  return statements.size();
}

}  // namespace

std::vector<fs::path> sql_files_in(const std::vector<fs::path>& dirs) {
  std::vector<fs::path> files;
  for (const fs::path& dir : dirs) {
    std::vector<fs::path> found = sql_files_directly_in(dir);
    files.insert(files.end(), found.begin(), found.end());
  }
  if (files.empty()) {
    std::string names;
    for (const fs::path& dir : dirs) names += (names.empty() ? "" : ", ") + dir.string();
    throw Error(ExitCode::kInvalidInput, "no *.sql files in " + names,
                "put the migration and seed files (*.sql) directly in those directories, or "
                "point --sql-dir at the right ones");
  }
  return files;
}

SqlRunReport apply_sql_files(const ConnectionParams& target, const std::vector<fs::path>& files,
                             StatementComments comments,
                             const std::function<void(SqlStatement&)>& adapt) {
  SqlRunReport report;
  for (const fs::path& file : files) {
    report.statements += apply_sql_file(target, file, comments, adapt);
    ++report.files;
  }
  return report;
}

}  // namespace tdm
