#include <optional>

#include "cli/commands.hpp"
#include "cli/connection_options.hpp"
#include "cli/ignore_option.hpp"
#include "core/files.hpp"
#include "core/identifier.hpp"
#include "diff/diff_report.hpp"
#include "diff/diff_side.hpp"
#include "diff/payload_diff.hpp"

namespace tdm::cli {

namespace {

struct DiffCommandOptions {
  std::string a;
  std::string b;
  std::filesystem::path snapshot_dir = "snapshots";
  std::filesystem::path output;
  std::string format = "text";
  std::vector<std::string> ignore;
  std::size_t max_rows = DiffOptions{}.max_rows;
  ConnectionFlags connection;
};

// A live side needs the server; the session (which may start the embedded server) is opened
// once, only when a side asks for it.
DiffSide open_side(const std::string& spec, DiffCommandOptions& options,
                   std::optional<DatabaseSession>& session, Context& context) {
  std::string database = live_database_of(spec);
  if (database.empty()) return DiffSide::snapshot(spec, options.snapshot_dir);
  validate_database_name(database, spec);
  if (!session) session.emplace(options.connection, context);
  return DiffSide::live(session->params(), database);
}

void diff(DiffCommandOptions& options, Context& context, int& exit_code) {
  DiffFormat format = diff_format_from_string(options.format);
  DiffOptions diff_options = diff_options_from(options.ignore);
  diff_options.max_rows = options.max_rows;
  std::optional<DatabaseSession> session;
  DiffSide a = open_side(options.a, options, session, context);
  DiffSide b = open_side(options.b, options, session, context);
  PayloadDiff result = diff_payloads(a.payload(), b.payload(), diff_options);
  std::string report = render_diff(result, {a.label(), b.label()}, format);
  if (options.output.empty()) {
    context.out << report;
  } else {
    atomic_write_file(options.output, report);
    context.log << "tdm: diff: " << summary_line(result) << "; report in "
                << options.output.string() << "\n";
  }
  exit_code = result.equal() ? 0 : 1;
}

}  // namespace

void add_diff_command(CLI::App& app, Context& context, int& exit_code) {
  auto options = std::make_shared<DiffCommandOptions>();
  CLI::App* verb = app.add_subcommand(
      "diff",
      "Compare two snapshots, or a snapshot and a live database: objects and their definitions, "
      "the properties restore keeps (collations, sql_mode, sequence values, trigger order), "
      "AUTO_INCREMENT counters and rows. Exits 0 when equal, 1 when they differ (2 and up: "
      "errors)");
  verb->add_option("a", options->a,
                   "A snapshot id (in --dir), the path of a .meta.json, or db:NAME for a live "
                   "database on the connection below")
      ->required();
  verb->add_option("b", options->b, "The other side, in the same forms")->required();
  verb->add_option("--dir", options->snapshot_dir, "Snapshot directory (default: ./snapshots)");
  verb->add_option("--output", options->output, "Write the report here instead of stdout");
  verb->add_option("--format", options->format, "Report format: text (default), json or html")
      ->check(CLI::IsMember({"text", "json", "html"}));
  add_ignore_option(*verb, options->ignore);
  verb->add_option("--max-rows", options->max_rows,
                   "Rows shown per table and kind of change (default 20; the counts stay exact)")
      ->check(CLI::PositiveNumber);
  add_connection_options(*verb, options->connection);
  verb->callback([options, &context, &exit_code] { diff(*options, context, exit_code); });
}

}  // namespace tdm::cli
