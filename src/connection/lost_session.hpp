#pragma once

#include "core/error.hpp"

namespace tdm {

// How a failed statement or fetch ends tdm: a session the server dropped or killed (server
// gone, restarted, KILL) is kServer wherever it shows — a connect, a statement, a row of a
// streamed result —; any other statement failure is kDatabase.
ExitCode exit_code_of_failure(unsigned client_or_server_error);

}  // namespace tdm
