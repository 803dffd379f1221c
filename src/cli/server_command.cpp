#include <filesystem>

#include "cli/commands.hpp"
#include "connection/database_url.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "core/format.hpp"
#include "server/embedded_server.hpp"

namespace tdm::cli {

namespace {

constexpr const char* kStartHelp = R"(
A fresh directory's datadir is initialised once: copied from the cached datadir of this
server version when there is one (a fraction of a second), else made by mariadb-install-db
(0.6 s on an idle machine, several seconds under load), which is then cached pristine for the
next fresh directory. The cache is per user:

  $TDM_CACHE_DIR/datadir, else $XDG_CACHE_HOME/tdm/datadir, else ~/.cache/tdm/datadir

keyed by the output of 'mariadbd --version' and tdm's mariadb-install-db arguments.
TDM_DATADIR_CACHE=0 neither reads nor writes it. A cache that cannot be written is skipped
silently; a cached datadir that cannot be copied falls back to mariadb-install-db.

Example:
  tdm server start --dir build/tdm-server
)";

struct ServerOptions {
  std::string dir;
  unsigned port = 0;
  unsigned timeout_seconds = 60;
  bool reuse = false;
  std::string owner_file;  // start: written when this command started the server; stop: only then
};

std::string required_dir(const ServerOptions& options, const Context& context) {
  if (!options.dir.empty()) return options.dir;
  if (auto dir = context.env.get("TDM_SERVER_DIR")) return *dir;
  throw Error(ExitCode::kUsage, "no server directory given",
              "pass --dir DIR (for example --dir build/tdm-server) or set TDM_SERVER_DIR");
}

void start(const ServerOptions& options, Context& context) {
  ServerStartOptions start_options;
  start_options.dir = required_dir(options, context);
  if (options.port) start_options.tcp_port = options.port;
  start_options.ready_timeout = std::chrono::seconds(options.timeout_seconds);
  start_options.template_cache = datadir_template_cache(context.env);
  if (options.reuse) {
    ServerStatus current = EmbeddedServer::status(start_options.dir);
    if (current.running) {
      // Someone else's server: a stop given the same owner file leaves it running.
      if (!options.owner_file.empty()) std::filesystem::remove(options.owner_file);
      context.log << "tdm: embedded MariaDB already running (pid " << current.pid << ")\n";
      context.out << "TDM_DATABASE_URL="
                  << format_database_url(EmbeddedServer::connection(start_options.dir)) << "\n";
      return;
    }
  }
  ServerStartReport report = EmbeddedServer::start(start_options);
  if (!options.owner_file.empty()) {
    atomic_write_file(options.owner_file, std::to_string(report.pid) + "\n");
  }
  std::string datadir = "reused the initialised datadir";
  if (report.initialised_now) {
    datadir = std::string(report.from_template ? "initialised from the cached datadir"
                                               : "initialised (mariadb-install-db)") +
              " in " + format_seconds(report.init_seconds);
  }
  context.log << "tdm: embedded MariaDB started (pid " << report.pid << "), " << datadir
              << ", ready in " << format_seconds(report.start_seconds) << "\n";
  context.out << "TDM_DATABASE_URL=" << format_database_url(report.connection) << "\n";
}

void stop(const ServerOptions& options, Context& context) {
  std::string dir = required_dir(options, context);
  if (!options.owner_file.empty() && !std::filesystem::exists(options.owner_file)) {
    context.log << "tdm: embedded MariaDB on " << ServerLayout(dir).dir.string()
                << " left running: " << options.owner_file << " says it was not started by us\n";
    return;
  }
  EmbeddedServer::stop(dir, std::chrono::seconds(options.timeout_seconds));
  if (!options.owner_file.empty()) std::filesystem::remove(options.owner_file);
  context.log << "tdm: embedded MariaDB on " << ServerLayout(dir).dir.string() << " stopped\n";
}

void status(const ServerOptions& options, Context& context) {
  std::string dir = required_dir(options, context);
  ServerStatus current = EmbeddedServer::status(dir);
  if (!current.running) {
    throw Error(ExitCode::kServer,
                "embedded MariaDB on " + ServerLayout(dir).dir.string() + " is not running (" +
                    current.detail + ")",
                "start it with 'tdm server start --dir " + dir + "'");
  }
  context.out << "running (pid " << current.pid << "), " << current.detail << "\n"
              << "TDM_DATABASE_URL=" << format_database_url(EmbeddedServer::connection(dir))
              << "\n";
}

void add_dir_option(CLI::App& verb, ServerOptions& options) {
  verb.add_option("--dir", options.dir,
                  "Directory of the private server: datadir, socket, pid and log file "
                  "(default: $TDM_SERVER_DIR)");
  verb.add_option("--timeout", options.timeout_seconds, "Seconds to wait for start or stop")
      ->capture_default_str();
}

}  // namespace

void add_server_command(CLI::App& app, Context& context) {
  auto options = std::make_shared<ServerOptions>();
  CLI::App* server = app.add_subcommand("server", "Start, stop or inspect the embedded MariaDB");
  server->require_subcommand(1);

  CLI::App* start_verb = server->add_subcommand(
      "start", "Start a private MariaDB on a unix socket (initialises the datadir once)");
  start_verb->footer(kStartHelp);
  add_dir_option(*start_verb, *options);
  start_verb->add_option("--port", options->port, "Also listen on 127.0.0.1:PORT (default: none)");
  start_verb->add_flag("--reuse", options->reuse, "Succeed without starting when already running");
  start_verb->add_option("--owner-file", options->owner_file,
                         "Write FILE when this command starts the server (remove it when "
                         "--reuse finds one running): what 'server stop --owner-file' checks");
  start_verb->callback([options, &context] { start(*options, context); });

  CLI::App* stop_verb = server->add_subcommand("stop", "Stop the embedded MariaDB by its PID");
  add_dir_option(*stop_verb, *options);
  stop_verb->add_option("--owner-file", options->owner_file,
                        "Stop only when FILE exists (written by 'server start --owner-file'), so "
                        "a server someone else started keeps running");
  stop_verb->callback([options, &context] { stop(*options, context); });

  CLI::App* status_verb =
      server->add_subcommand("status", "Say whether the embedded MariaDB runs (exit 4 if not)");
  add_dir_option(*status_verb, *options);
  status_verb->callback([options, &context] { status(*options, context); });
}

}  // namespace tdm::cli
