#pragma once

#include <chrono>

#include "core/environment.hpp"

namespace tdm {

// How long a tdm waits for another one holding a lock on the same snapshot directory or
// database: $TDM_LOCK_TIMEOUT seconds, default 600.
std::chrono::seconds lock_timeout(const Environment& env);

}  // namespace tdm
