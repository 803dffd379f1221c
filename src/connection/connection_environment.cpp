#include "connection/connection_environment.hpp"

#include "connection/database_url.hpp"

namespace tdm {

std::map<std::string, std::string> connection_environment(const ConnectionParams& params) {
  std::map<std::string, std::string> vars;
  vars["TDM_DATABASE"] = params.database;
  vars["TDM_DB_HOST"] = params.host.empty() ? "localhost" : params.host;
  vars["TDM_DB_PORT"] = params.port ? std::to_string(params.port) : "";
  vars["TDM_DB_SOCKET"] = params.socket;
  vars["TDM_DB_USER"] = params.user;
  vars["DATABASE_URL"] = format_database_url(params);
  vars["TDM_DATABASE_URL"] = vars["DATABASE_URL"];  // nested tdm calls reach the same server
  if (params.password) vars["MYSQL_PWD"] = *params.password;
  return vars;
}

}  // namespace tdm
