#include "cli/commands.hpp"

namespace tdm::cli {

std::vector<VerbGroup> verb_groups() {
  return {
      {{"server"}, [](CLI::App& app, Context& context, int&) { add_server_command(app, context); }},
      {{"snapshot"},
       [](CLI::App& app, Context& context, int&) { add_snapshot_command(app, context); }},
      {{"bootstrap", "config", "teardown", "run", "entities"}, add_fixture_commands},
      {{"hash"}, [](CLI::App& app, Context& context, int&) { add_hash_command(app, context); }},
      {{"seed"}, add_seed_command},
      {{"diff"}, add_diff_command},
      {{"golden"}, add_golden_command},
      {{"migration"}, add_migration_command},
  };
}

}  // namespace tdm::cli
