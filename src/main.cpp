#include <sys/ioctl.h>
#include <unistd.h>

#include "cli/cli.hpp"
#include "process/interruption.hpp"

int main(int argc, char** argv) {
  // First, before any thread starts: SIGINT, SIGTERM and SIGHUP end the children and tdm with
  // one line and exit code 128 + n.
  tdm::SignalWatcher signals;
  tdm::cli::Context context{tdm::Environment::from_process(), std::cout, std::cerr};
  context.log_is_terminal = ::isatty(STDERR_FILENO) == 1;
  winsize window{};
  if (context.log_is_terminal && ::ioctl(STDERR_FILENO, TIOCGWINSZ, &window) == 0) {
    context.log_columns = window.ws_col;
  }
  return tdm::cli::run(argc, argv, context);
}
