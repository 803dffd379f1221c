#include "connection/lost_session.hpp"

#include <errmsg.h>
#include <mysqld_error.h>

namespace tdm {

ExitCode exit_code_of_failure(unsigned error) {
  switch (error) {
    case CR_SERVER_GONE_ERROR:
    case CR_SERVER_LOST:
    case CR_CONNECTION_ERROR:
    case ER_CONNECTION_KILLED:
    case ER_SERVER_SHUTDOWN:
      return ExitCode::kServer;
    default:
      return ExitCode::kDatabase;
  }
}

}  // namespace tdm
