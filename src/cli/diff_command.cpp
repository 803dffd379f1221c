#include <optional>

#include "cli/commands.hpp"
#include "cli/connection_options.hpp"
#include "core/files.hpp"
#include "core/identifier.hpp"
#include "diff/diff_report.hpp"
#include "diff/diff_side.hpp"
#include "diff/payload_diff.hpp"

namespace tdm::cli {

namespace {

struct DiffOptions {
  std::string a;
  std::string b;
  std::filesystem::path snapshot_dir = "snapshots";
  std::filesystem::path output;
  ConnectionFlags connection;
};

// A live side needs the server; the session (which may start the embedded server) is opened
// once, only when a side asks for it.
DiffSide open_side(const std::string& spec, DiffOptions& options,
                   std::optional<DatabaseSession>& session, Context& context) {
  std::string database = live_database_of(spec);
  if (database.empty()) return DiffSide::snapshot(spec, options.snapshot_dir);
  validate_database_name(database, spec);
  if (!session) session.emplace(options.connection, context);
  return DiffSide::live(session->params(), database);
}

void diff(DiffOptions& options, Context& context, int& exit_code) {
  std::optional<DatabaseSession> session;
  DiffSide a = open_side(options.a, options, session, context);
  DiffSide b = open_side(options.b, options, session, context);
  PayloadDiff result = diff_payloads(a.payload(), b.payload());
  std::string report = render_diff_report(result, a.label(), b.label());
  if (options.output.empty()) {
    context.out << report;
  } else {
    atomic_write_file(options.output, report);
    context.log << "tdm: diff: " << (result.equal() ? "no differences" : "differences")
                << "; report in " << options.output.string() << "\n";
  }
  exit_code = result.equal() ? 0 : 1;
}

}  // namespace

void add_diff_command(CLI::App& app, Context& context, int& exit_code) {
  auto options = std::make_shared<DiffOptions>();
  CLI::App* verb = app.add_subcommand(
      "diff",
      "Compare two snapshots, or a snapshot and a live database: objects, schema, row counts "
      "and changed rows. Exits 0 when equal, 1 when they differ (2 and up: errors)");
  verb->add_option("a", options->a,
                   "A snapshot id (in --dir), the path of a .meta.json, or db:NAME for a live "
                   "database on the connection below")
      ->required();
  verb->add_option("b", options->b, "The other side, in the same forms")->required();
  verb->add_option("--dir", options->snapshot_dir, "Snapshot directory (default: ./snapshots)");
  verb->add_option("--output", options->output, "Write the report here instead of stdout");
  add_connection_options(*verb, options->connection);
  verb->callback([options, &context, &exit_code] { diff(*options, context, exit_code); });
}

}  // namespace tdm::cli
