#include "engine/reset/binlog_undo.hpp"

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <vector>

#include "core/error.hpp"
#include "core/files.hpp"
#include "engine/tablespace/server_files.hpp"
#include "process/child_process.hpp"

namespace tdm {

namespace fs = std::filesystem;

namespace {

// An empty temporary file that is removed when this object goes.
class ScratchFile {
 public:
  ScratchFile() {
    std::string pattern = (fs::temp_directory_path() / "tdm-undo-XXXXXX").string();
    int fd = ::mkstemp(pattern.data());
    if (fd < 0) throw Error(ExitCode::kInternal, "cannot create a temporary file in /tmp");
    ::close(fd);
    path_ = pattern;
  }
  ~ScratchFile() {
    std::error_code ignored;
    fs::remove(path_, ignored);
  }
  ScratchFile(const ScratchFile&) = delete;
  ScratchFile& operator=(const ScratchFile&) = delete;

  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// The log's file names from `first` to `last`, in order; empty when `first` is gone.
std::vector<std::string> files_between(Connection& connection, const std::string& first,
                                       const std::string& last) {
  std::vector<std::string> between;
  for (std::string& name : connection.query("SHOW BINARY LOGS").first_column()) {
    if (name == first || !between.empty()) between.push_back(std::move(name));
    if (!between.empty() && between.back() == last) return between;
  }
  return {};
}

// Runs mariadb-binlog --flashback; its output, or nullopt when it is missing or fails.
std::optional<std::string> run_flashback(const std::string& database, const BinlogPosition& from,
                                         const BinlogPosition& to, const fs::path& directory,
                                         const std::vector<std::string>& files) {
  ScratchFile out;
  ScratchFile err;
  ProcessSpec spec;
  spec.argv = {"mariadb-binlog",
               "--no-defaults",
               "--flashback",
               "--verbose",  // the rows as "### UPDATE `db`.`table`" comments, for counting
               "--database=" + database,
               "--start-position=" + std::to_string(from.position),
               "--stop-position=" + std::to_string(to.position)};
  for (const std::string& file : files) spec.argv.push_back((directory / file).string());
  spec.stdout_path = out.path().string();
  spec.stderr_path = err.path().string();
  try {
    if (run_to_completion(spec) != 0) return std::nullopt;
  } catch (const Error&) {
    return std::nullopt;  // not installed
  }
  return read_file(out.path());
}

}  // namespace

std::optional<BinlogPosition> usable_binlog_position(Connection& connection) {
  try {
    // Applying the undo must neither skip rows it cannot find (IDEMPOTENT) nor fire
    // triggers, whose own changes nothing would undo.
    Result settings = connection.query(
        "SELECT @@global.log_bin, @@global.binlog_format, @@global.binlog_row_image,"
        " @@global.log_bin_basename, @@global.slave_exec_mode,"
        " @@global.slave_run_triggers_for_rbr");
    auto row = settings.next();
    if (!row || row->view(0) != "1" || row->view(1) != "ROW" || row->view(2) != "FULL" ||
        row->is_null(3) || row->view(4) != "STRICT" || row->view(5) != "NO" ||
        !is_local_server(connection.params()) ||
        ::access(fs::path(row->str(3)).parent_path().c_str(), R_OK | X_OK) != 0) {
      return std::nullopt;
    }
    Result status = connection.query("SHOW MASTER STATUS");
    auto position = status.next();
    if (!position || position->size() < 2) return std::nullopt;
    return BinlogPosition{position->str(0), std::stoull(position->str(1))};
  } catch (const Error&) {
    return std::nullopt;  // no privilege to see the log
  } catch (const std::exception&) {
    return std::nullopt;  // a position that is not a number
  }
}

std::optional<UndoScript> read_undo_script(Connection& connection, const std::string& database,
                                           const BinlogPosition& from) {
  std::optional<BinlogPosition> to = usable_binlog_position(connection);
  if (!to) return std::nullopt;
  if (to->file == from.file && to->position == from.position) return UndoScript{};
  std::vector<std::string> files;
  try {
    files = files_between(connection, from.file, to->file);
  } catch (const Error&) {
    return std::nullopt;
  }
  if (files.empty()) return std::nullopt;
  auto basename = connection.scalar("SELECT @@global.log_bin_basename");
  if (!basename) return std::nullopt;
  auto output = run_flashback(database, from, *to, fs::path(*basename).parent_path(), files);
  if (!output) return std::nullopt;
  return parse_undo_script(*output, database);
}

void apply_undo_script(Connection& connection, const UndoScript& script) {
  for (const std::string& statement : script.statements) connection.execute(statement);
}

}  // namespace tdm
