#pragma once

#include <iostream>
#include <string>

#include "core/environment.hpp"
#include "core/progress.hpp"

namespace tdm::cli {

// What every command gets: the environment it may read and where to write. `out` carries
// results (hashes, lists, JSON); `log` carries the one-line decisions and progress (stderr).
struct Context {
  Environment env;
  std::ostream& out;
  std::ostream& log;
  bool log_is_terminal = false;  // progress may redraw a line in place on `log`
  std::size_t log_columns = 0;   // the terminal's width when known
};

// The progress display of a capture or restore on the log: one line redrawn in place on a
// terminal; nothing elsewhere (CI) unless TDM_PROGRESS=1 asks for plain lines.
inline ProgressDisplay progress_display(const Context& context, std::string label) {
  return ProgressDisplay(context.log, progress_style(context.log_is_terminal, context.env),
                         std::move(label), context.log_columns);
}

}  // namespace tdm::cli
