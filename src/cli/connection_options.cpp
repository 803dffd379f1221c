#include "cli/connection_options.hpp"

#include "core/display.hpp"
#include "core/error.hpp"
#include "lock/lock_timeout.hpp"
#include "server/datadir_template.hpp"
#include "server/embedded_server.hpp"

namespace tdm::cli {

void add_connection_options(CLI::App& verb, ConnectionFlags& flags) {
  verb.add_option("--url", flags.url,
                  "Server as mysql://user@host:port/db or mysql://user@localhost/db?socket=PATH "
                  "(default: $TDM_DATABASE_URL; password only via MYSQL_PWD or option files)");
  verb.add_option("--server-dir", flags.server_dir,
                  "Use the embedded server of this directory, starting it for this command if "
                  "it is not running (default: $TDM_SERVER_DIR)");
  verb.add_option("--database", flags.database, "Target database (default: $TDM_DATABASE)");
}

DatabaseSession::DatabaseSession(const ConnectionFlags& flags, Context& context)
    : params_(resolve_connection(flags, context.env)), context_(context) {
  ConnectionChoice choice = choose_connection(flags, context.env);
  if (choice.kind != ConnectionChoice::Kind::kServerDir) return;
  const std::string& dir = choice.value;
  ServerStartOptions options;
  options.dir = dir;
  options.template_cache = datadir_template_cache(context.env);
  auto report = EmbeddedServer::start_unless_running(options, lock_timeout(context.env));
  if (!report) return;
  started_server_dir_ = dir;
  context_.log << "tdm: started the embedded MariaDB on " << dir << " for this command (pid "
               << report->pid << ")\n";
}

DatabaseSession::~DatabaseSession() {
  if (started_server_dir_.empty()) return;
  try {
    EmbeddedServer::stop(started_server_dir_);
  } catch (const Error& error) {
    context_.log << "tdm: warning: " << displayable(error.what()) << "\n";
  }
}

const std::string& DatabaseSession::database() const {
  if (params_.database.empty()) {
    throw Error(ExitCode::kUsage, "no target database given",
                "pass --database NAME, put it in the URL, or set TDM_DATABASE");
  }
  return params_.database;
}

}  // namespace tdm::cli
