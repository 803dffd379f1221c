#include "golden/golden_baseline.hpp"

#include <system_error>

#include "core/error.hpp"
#include "core/files.hpp"
#include "diff/diff_side.hpp"
#include "exchange/sql_export.hpp"
#include "seed/sql_runner.hpp"
#include "snapshot/payload/reader.hpp"
#include "snapshot_ops/scratch_databases.hpp"

namespace tdm {

namespace fs = std::filesystem;

namespace {

// The baseline text of `source`, written to `path`.
void write_baseline(const GoldenSource& source, const fs::path& path) {
  SqlExportOptions options;
  options.stable_header = true;
  export_sql(source.payload, {"", source.payload_sha256, "", ""}, path, options);
}

bool same_bytes(const fs::path& a, const fs::path& b) {
  std::error_code error;
  if (fs::file_size(a, error) != fs::file_size(b, error) || error) return false;
  return read_file(a) == read_file(b);
}

void require_baseline(const fs::path& file) {
  std::error_code error;
  if (!fs::is_regular_file(file, error)) {
    throw Error(ExitCode::kInvalidInput, "no golden baseline " + file.string(),
                "accept the current data as the baseline (cmake --build . --target "
                "golden-<name>, or 'tdm golden accept'), review it and commit it");
  }
}

}  // namespace

fs::path golden_baseline_file(const fs::path& dir, const std::string& fixture,
                              const std::string& tier) {
  return dir / (fixture + (tier.empty() ? "" : "." + tier) + ".sql");
}

namespace {

PayloadDiff compare_as_data(const GoldenSource& source, const fs::path& file,
                            const GoldenComparison& comparison) {
  const std::string& scratch_database = comparison.scratch_database;
  ScratchDatabases scratch(comparison.server, {scratch_database}, comparison.rule,
                           "load a golden baseline into");
  // The baseline holds the data, not the database's own defaults: those of the current data
  // are given to the scratch database, so that only what the baseline records is compared.
  scratch.create_empty(scratch_database, read_payload_index(source.payload).database);
  apply_sql_files(comparison.server.with_database(scratch_database), {file});
  DiffSide baseline = DiffSide::live(comparison.server, scratch_database);
  return diff_payloads(baseline.payload(), source.payload, comparison.options);
}

}  // namespace

bool accept_golden_baseline(const GoldenSource& source, const fs::path& file,
                            const GoldenComparison& comparison) {
  if (!file.parent_path().empty()) fs::create_directories(file.parent_path());
  // Beside the baseline, so that the rename that replaces it stays on one file system.
  TemporaryFile candidate(temporary_sibling(file));
  write_baseline(source, candidate.path());
  std::error_code error;
  if (fs::exists(file, error)) {
    if (same_bytes(candidate.path(), file)) return false;
    if (compare_as_data(source, file, comparison).equal()) return false;
  }
  fs::rename(candidate.path(), file);
  return true;
}

GoldenCheck check_golden_baseline(const GoldenSource& source, const fs::path& file,
                                  const GoldenComparison& comparison) {
  require_baseline(file);
  GoldenCheck check;
  {
    // In the temporary directory: the baseline's own may be a read-only checkout.
    TemporaryFile candidate(temporary_sibling(fs::temp_directory_path() / "tdm-golden.sql"));
    write_baseline(source, candidate.path());
    if (same_bytes(candidate.path(), file)) return check;
  }
  check.diff = compare_as_data(source, file, comparison);
  check.text_outdated = check.diff.equal();
  return check;
}

}  // namespace tdm
