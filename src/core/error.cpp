#include "core/error.hpp"

namespace tdm {

namespace {
std::string compose(const std::string& problem, const std::string& fix) {
  return fix.empty() ? problem : problem + "; fix: " + fix;
}
}  // namespace

Error::Error(ExitCode code, const std::string& problem, const std::string& fix)
    : std::runtime_error(compose(problem, fix)), code_(code) {}

}  // namespace tdm
