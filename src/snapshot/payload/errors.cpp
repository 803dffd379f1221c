#include "snapshot/payload/errors.hpp"

namespace tdm {

namespace {

const char* const kRecreate = "recreate it with 'tdm snapshot create' (or let AUTO mode reseed)";

}  // namespace

Error payload_missing(const std::filesystem::path& path) {
  return Error(ExitCode::kSnapshot, "snapshot payload " + path.string() + " is missing",
               std::string("restore another snapshot, or ") + kRecreate);
}

Error payload_truncated(const std::filesystem::path& path, const std::string& detail) {
  return Error(ExitCode::kSnapshot,
               "snapshot payload " + path.string() + " is truncated (" + detail + ")",
               std::string("the file was cut short (interrupted copy or full disk): copy it "
                           "again or ") +
                   kRecreate);
}

Error payload_corrupt(const std::filesystem::path& path, const std::string& detail) {
  return Error(
      ExitCode::kSnapshot, "snapshot payload " + path.string() + " is corrupt (" + detail + ")",
      std::string("the file changed after it was captured: copy it again or ") + kRecreate);
}

Error payload_foreign(const std::filesystem::path& path, const std::string& detail) {
  return Error(ExitCode::kSnapshot,
               "snapshot payload " + path.string() + " cannot be read (" + detail + ")",
               std::string("use a tdm that understands it, or ") + kRecreate);
}

}  // namespace tdm
