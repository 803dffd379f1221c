#pragma once

#include <map>
#include <string>

#include "connection/connection_params.hpp"

namespace tdm {

// The variables a seed command or test gets for `params`: TDM_DATABASE, TDM_DB_HOST,
// TDM_DB_PORT, TDM_DB_SOCKET, TDM_DB_USER, DATABASE_URL, and MYSQL_PWD when there is one.
std::map<std::string, std::string> connection_environment(const ConnectionParams& params);

}  // namespace tdm
