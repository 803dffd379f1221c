#include "cli/cli.hpp"

#include "cli/commands.hpp"
#include "core/error.hpp"

namespace tdm::cli {

namespace {

constexpr const char* kExitCodes = R"(Exit codes:
  0   success
  2   usage: unknown verb or option, missing argument
  3   invalid input: input files, URL, metadata or settings
  4   server: not running, unreachable, or refused the credentials
  5   refused: the database is not marked as a test database
  6   snapshot: missing, corrupt, truncated, stale or foreign
  7   seed: the seed command or an SQL file failed
  8   busy: another tdm holds the lock
  9   database: an SQL error while capturing, restoring or inspecting
  70  internal error (a bug in tdm: please report it)
  128+n  ended by signal n (129 SIGHUP, 130 SIGINT, 143 SIGTERM), after one line saying what
         it left; its children were ended too)";

void add_commands(CLI::App& app, Context& context, int& exit_code) {
  add_server_command(app, context);
  add_snapshot_command(app, context);
  add_fixture_commands(app, context, exit_code);
  add_hash_command(app, context);
  add_seed_command(app, context);
  add_diff_command(app, context, exit_code);
}

}  // namespace

int run(int argc, const char* const* argv, Context& context) {
  CLI::App app("tdm " TDM_VERSION " - database snapshots and fixtures for CMake/CTest", "tdm");
  app.footer(kExitCodes);
  app.require_subcommand(1);
  app.set_version_flag("--version", TDM_VERSION);
  int exit_code = 0;
  add_commands(app, context, exit_code);
  try {
    app.parse(argc, argv);
    return exit_code;
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help, context.out, context.log);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version, context.out, context.log);
  } catch (const CLI::ParseError& error) {
    context.log << "tdm: error: " << error.what() << "; fix: see 'tdm --help'\n";
    return static_cast<int>(ExitCode::kUsage);
  } catch (const Error& error) {
    context.log << "tdm: error: " << error.what() << "\n";
    return static_cast<int>(error.code());
  } catch (const std::exception& error) {
    context.log << "tdm: internal error: " << error.what() << "\n";
    return static_cast<int>(ExitCode::kInternal);
  }
}

}  // namespace tdm::cli
