#include "config/connection_resolver.hpp"

#include <charconv>

#include "connection/database_url.hpp"
#include "core/error.hpp"
#include "core/identifier.hpp"
#include "server/embedded_server.hpp"

namespace tdm {

namespace {

ConnectionParams from_client_variables(const Environment& env) {
  ConnectionParams params;
  params.host = env.get("MYSQL_HOST").value_or("");
  params.socket = env.get("MYSQL_UNIX_PORT").value_or("");
  if (auto port_text = env.get("MYSQL_TCP_PORT")) {
    unsigned port = 0;
    auto [end, error] =
        std::from_chars(port_text->data(), port_text->data() + port_text->size(), port);
    if (error != std::errc() || end != port_text->data() + port_text->size()) {
      throw Error(ExitCode::kInvalidInput, "MYSQL_TCP_PORT='" + *port_text + "' is not a port",
                  "set it to a number or unset it");
    }
    params.port = port;
  }
  return params;
}

ConnectionParams base_params(const ConnectionFlags& flags, const Environment& env) {
  ConnectionChoice choice = choose_connection(flags, env);
  switch (choice.kind) {
    case ConnectionChoice::Kind::kUrl:
      return parse_database_url(choice.value, choice.source);
    case ConnectionChoice::Kind::kServerDir:
      return EmbeddedServer::connection(choice.value);
    case ConnectionChoice::Kind::kClientDefaults:
      break;
  }
  return from_client_variables(env);
}

}  // namespace

ConnectionChoice choose_connection(const ConnectionFlags& flags, const Environment& env) {
  using Kind = ConnectionChoice::Kind;
  if (!flags.url.empty()) return {Kind::kUrl, flags.url, "flag --url"};
  if (!flags.server_dir.empty()) return {Kind::kServerDir, flags.server_dir, "flag --server-dir"};
  if (auto url = env.get("TDM_DATABASE_URL")) {
    return {Kind::kUrl, *url, "environment TDM_DATABASE_URL"};
  }
  if (auto dir = env.get("TDM_SERVER_DIR")) {
    return {Kind::kServerDir, *dir, "environment TDM_SERVER_DIR"};
  }
  return {Kind::kClientDefaults, "", "default (MYSQL_HOST, MYSQL_TCP_PORT, option files)"};
}

ConnectionParams resolve_connection(const ConnectionFlags& flags, const Environment& env) {
  ConnectionParams params = base_params(flags, env);
  bool embedded = !params.read_option_files;
  std::string origin = "the URL";
  if (!flags.database.empty()) {
    params.database = flags.database;
    origin = "--database";
  } else if (params.database.empty()) {
    params.database = env.get("TDM_DATABASE").value_or("");
    origin = "TDM_DATABASE";
  }
  if (!params.database.empty()) validate_database_name(params.database, origin);
  if (!embedded) {
    if (auto password = env.get("MYSQL_PWD")) params.password = *password;
  }
  return params;
}

}  // namespace tdm
