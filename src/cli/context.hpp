#pragma once

#include <iostream>

#include "core/environment.hpp"

namespace tdm::cli {

// What every command gets: the environment it may read and where to write. `out` carries
// results (hashes, lists, JSON); `log` carries the one-line decisions and progress (stderr).
struct Context {
  Environment env;
  std::ostream& out;
  std::ostream& log;
};

}  // namespace tdm::cli
