#pragma once

#include <filesystem>
#include <string>

#include "connection/connection_params.hpp"
#include "diff/payload_diff.hpp"
#include "safety/test_database_rule.hpp"

namespace tdm {

// A golden baseline: the accepted state of a fixture's data, kept in the user's repository as
// the portable SQL script `tdm snapshot export` writes, with a header of what depends on the
// data only, so that accepting an unchanged data set rewrites nothing. One file per fixture
// and tier: `<dir>/<fixture>.sql`, or `<dir>/<fixture>.<tier>.sql` for a fixture with tiers.
std::filesystem::path golden_baseline_file(const std::filesystem::path& dir,
                                           const std::string& fixture,
                                           const std::string& tier = "");

// The payload whose data is compared or accepted, verified against its digest before use.
struct GoldenSource {
  std::filesystem::path payload;
  std::string payload_sha256;
};

// Where and how a baseline is compared as data: loaded into the scratch test database
// `scratch_database` on `server` (dropped again afterwards), read back and compared through the
// diff engine with `options` (what to ignore, the report's bound).
struct GoldenComparison {
  ConnectionParams server;
  std::string scratch_database;
  DiffOptions options;
  TestDatabaseRule rule;
};

// Writes the baseline of `source` to `file` (whole, then renamed into place), unless `file`
// already holds those bytes, or the same data apart from what `comparison.options` ignores
// (a migration tool's run times): then it is left as it is, so git sees no change. Returns
// whether the file changed.
bool accept_golden_baseline(const GoldenSource& source, const std::filesystem::path& file,
                            const GoldenComparison& comparison);

struct GoldenCheck {
  PayloadDiff diff;            // baseline (a) against the current data (b)
  bool text_outdated = false;  // equal data, other text: accepting again rewrites the file
};

// Compares the committed baseline `file` with `source`. Identical text settles it without the
// server; otherwise the baseline is compared as data (`comparison`). Throws
// Error(kInvalidInput) when there is no baseline file (naming how to accept one),
// Error(kSeed) naming the line when the baseline does not load.
GoldenCheck check_golden_baseline(const GoldenSource& source, const std::filesystem::path& file,
                                  const GoldenComparison& comparison);

}  // namespace tdm
