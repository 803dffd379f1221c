#include <unistd.h>

#include "cli/cli.hpp"

int main(int argc, char** argv) {
  tdm::cli::Context context{tdm::Environment::from_process(), std::cout, std::cerr,
                            ::isatty(STDERR_FILENO) == 1};
  return tdm::cli::run(argc, argv, context);
}
