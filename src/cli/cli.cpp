#include "cli/cli.hpp"

#include <algorithm>
#include <string_view>

#include "cli/commands.hpp"
#include "core/display.hpp"
#include "core/error.hpp"

namespace tdm::cli {

namespace {

constexpr const char* kExitCodes = R"(Exit codes:
  0   success
  2   usage: unknown verb or option, missing argument
  3   invalid input: input files, URL, database name, metadata or settings
  4   server: not running, unreachable, refused the credentials, or lost the session midway
  5   refused: the database is not marked as a test database
  6   snapshot: missing, corrupt, truncated, stale or foreign, or its files cannot be written
  7   seed: the seed command or an SQL file failed
  8   busy: another tdm holds the lock
  9   database: an SQL error while capturing, restoring or inspecting
  10  remote: a remote store of snapshot push/pull/list --remote is unreachable, too slow,
      refuses, or lacks the snapshot (elsewhere a remote problem is only a warning)
  70  internal error (a bug in tdm: please report it)
  128+n  ended by signal n (129 SIGHUP, 130 SIGINT, 143 SIGTERM), after one line saying what
         it left; its children were ended too)";

// The verb the command line names: its first word that is not an option, before any "--";
// none when help is asked of tdm itself.
std::string_view named_verb(int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--" || arg == "-h" || arg == "--help") break;
    if (!arg.empty() && arg.front() != '-') return arg;
  }
  return {};
}

// The group of the verb the command line names; every group when it names none that exists,
// so that help and the unknown-verb message list them all, in their order.
void add_commands(CLI::App& app, Context& context, int& exit_code, std::string_view verb) {
  std::vector<VerbGroup> groups = verb_groups();
  for (const VerbGroup& group : groups) {
    if (std::find(group.verbs.begin(), group.verbs.end(), verb) != group.verbs.end()) {
      group.add(app, context, exit_code);
      return;
    }
  }
  for (const VerbGroup& group : groups) group.add(app, context, exit_code);
}

std::string verb_list(const CLI::App& app) {
  std::string list;
  for (const CLI::App* verb : app.get_subcommands([](const CLI::App*) { return true; })) {
    list += (list.empty() ? "" : ", ") + verb->get_name();
  }
  return list;
}

// Follows the words of the command line down the verbs: CLI11 alone answers an unknown or
// missing verb with "A subcommand is required", which names neither what was typed nor what
// would do. The verb groups (tdm, tdm server, tdm snapshot) take no option with a value.
void check_verbs(const CLI::App& app, int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg == "-h" || arg == "--help" || arg == "--version") return;  // CLI11 answers these
  }
  const CLI::App* current = &app;
  std::string path = "tdm";
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--") break;
    if (!arg.empty() && arg.front() == '-') continue;
    const CLI::App* verb = nullptr;
    for (const CLI::App* candidate :
         current->get_subcommands([](const CLI::App*) { return true; })) {
      if (candidate->check_name(std::string(arg))) verb = candidate;
    }
    if (!verb) {
      throw Error(ExitCode::kUsage, "unknown verb '" + std::string(arg) + "' for '" + path + "'",
                  "use one of: " + verb_list(*current) + " (see '" + path + " --help')");
    }
    current = verb;
    path += " " + current->get_name();
    if (current->get_subcommands([](const CLI::App*) { return true; }).empty()) return;
  }
  throw Error(ExitCode::kUsage, "no verb given to '" + path + "'",
              "use one of: " + verb_list(*current) + " (see '" + path + " --help')");
}

// The one place that prints an error: redacted and escaped (core/display.hpp), one line.
void print_error(std::ostream& log, std::string_view kind, std::string_view message) {
  log << "tdm: " << kind << ": " << displayable(message) << "\n";
}

}  // namespace

int run(int argc, const char* const* argv, Context& context) {
  CLI::App app("tdm " TDM_VERSION " - database snapshots and fixtures for CMake/CTest", "tdm");
  app.footer(kExitCodes);
  app.require_subcommand(1);
  app.set_version_flag("--version", TDM_VERSION);
  int exit_code = 0;
  add_commands(app, context, exit_code, named_verb(argc, argv));
  try {
    check_verbs(app, argc, argv);
    app.parse(argc, argv);
    return exit_code;
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help, context.out, context.log);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version, context.out, context.log);
  } catch (const CLI::ParseError& error) {
    print_error(context.log, "error", std::string(error.what()) + "; fix: see 'tdm --help'");
    return static_cast<int>(ExitCode::kUsage);
  } catch (const Error& error) {
    print_error(context.log, "error", error.what());
    return static_cast<int>(error.code());
  } catch (const std::exception& error) {
    print_error(context.log, "internal error", error.what());
    return static_cast<int>(ExitCode::kInternal);
  }
}

}  // namespace tdm::cli
