#pragma once

#include <chrono>

#include "core/environment.hpp"

namespace tdm {

// How long a tdm waits for another one holding a lock it needs: a snapshot directory's
// (FileLock), a database's (DatabaseLock), the start of an embedded server. One value for all,
// read once by the command line and passed down to whatever waits.
inline constexpr std::chrono::seconds kDefaultLockTimeout{600};

// $TDM_LOCK_TIMEOUT seconds, default kDefaultLockTimeout.
std::chrono::seconds lock_timeout(const Environment& env);

}  // namespace tdm
