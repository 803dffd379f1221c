#include <unistd.h>

#include "cli/commands.hpp"
#include "cli/connection_options.hpp"
#include "cli/fixture_options.hpp"
#include "core/error.hpp"
#include "core/format.hpp"
#include "exchange/sql_export.hpp"
#include "exchange/sql_import.hpp"
#include "hashing/inputs.hpp"
#include "lock/lock_timeout.hpp"
#include "snapshot/store.hpp"
#include "snapshot_ops/snapshot_restore.hpp"

namespace tdm::cli {

namespace {

struct ExchangeOptions {
  FixtureSpec fixture;
  ConnectionFlags connection;
  std::string id;
  std::string tier;      // export --tier
  std::string selector;  // --snapshot
  std::filesystem::path output;
  std::filesystem::path dump;
};

void export_snapshot(ExchangeOptions& options, Context& context) {
  complete_fixture_spec(options.fixture);
  StoredSnapshot snapshot =
      chosen_snapshot(SnapshotStore(options.fixture.snapshot_dir),
                      {options.id, options.fixture.name, options.fixture.version, options.tier,
                       selector_of(options.selector)});
  SqlExportStats stats = tdm::export_snapshot(snapshot, options.output);
  context.log << "tdm: exported " << snapshot.id << " to " << options.output.string() << " ("
              << stats.tables << " tables, " << stats.rows << " rows, "
              << format_megabytes(stats.bytes) << ")\n";
  context.out << options.output.string() << "\n";
}

void import_dump(ExchangeOptions& options, Context& context) {
  complete_fixture_spec(options.fixture);
  // Without --inputs the dump itself is the data model: another dump, another snapshot id.
  if (options.fixture.inputs.empty()) {
    options.fixture.inputs.push_back(std::filesystem::absolute(options.dump).string());
  }
  Manifest manifest =
      compute_manifest(collect_inputs(options.fixture.inputs, options.fixture.base));
  if (options.connection.database.empty()) {
    options.connection.database = "tdm_import_" + std::to_string(::getpid()) + "_test";
  }
  DatabaseSession session(options.connection, context);
  SqlImportRequest request{
      options.dump, session.database(),       options.fixture.name, options.fixture.version,
      manifest,     lock_timeout(context.env)};
  StoredSnapshot snapshot =
      import_sql_dump(session.params(), SnapshotStore(options.fixture.snapshot_dir), request,
                      TestDatabaseRule::from_environment(context.env));
  context.log << "tdm: imported " << options.dump.string() << " as " << snapshot.id << " ("
              << snapshot.metadata->total_rows() << " rows, "
              << format_megabytes(snapshot.metadata->file_size_bytes) << ")\n";
  context.out << snapshot.payload_path.string() << "\n";
}

}  // namespace

void add_snapshot_exchange_commands(CLI::App& snapshot, Context& context) {
  auto options = std::make_shared<ExchangeOptions>();

  CLI::App* export_verb = snapshot.add_subcommand(
      "export",
      "Write a snapshot as a portable .sql script that the stock client restores into any "
      "database: mariadb DB < FILE.sql (checksum verified first)");
  export_verb->add_option("--name", options->fixture.name,
                          "Newest snapshot of this fixture name (or give --id)");
  export_verb->add_option("--version", options->fixture.version, "Only snapshots of this version");
  export_verb->add_option("--id", options->id, "Exact snapshot id")->excludes("--name");
  export_verb->add_option("--dir", options->fixture.snapshot_dir,
                          "Snapshot directory (default: ./snapshots)");
  export_verb->add_option("--tier", options->tier, "With --name: the tier");
  add_selector_option(*export_verb, options->selector);
  export_verb->add_option("--output", options->output, "The .sql file to write")->required();
  export_verb->callback([options, &context] { export_snapshot(*options, context); });

  CLI::App* import_verb = snapshot.add_subcommand(
      "import",
      "Turn a mysqldump/mariadb-dump .sql file of one database into a snapshot (applied to a "
      "scratch test database, captured, dropped)");
  import_verb->add_option("--file", options->dump, "The dump to import")->required();
  add_snapshot_identity_options(*import_verb, options->fixture);
  add_input_options(*import_verb, options->fixture);
  add_connection_options(*import_verb, options->connection);
  import_verb->get_option("--inputs")
      ->description("Inputs whose content is the data-model hash (default: the dump file)");
  import_verb->get_option("--database")
      ->description("Scratch test database (default: tdm_import_<pid>_test; dropped after)");
  import_verb->callback([options, &context] { import_dump(*options, context); });
}

}  // namespace tdm::cli
