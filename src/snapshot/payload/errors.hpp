#pragma once

#include <filesystem>
#include <string>

#include "core/error.hpp"

namespace tdm {

// The Error(kSnapshot) a payload problem is reported with: the file, what is wrong with it,
// and what to do about it.

Error payload_missing(const std::filesystem::path& path);
Error payload_truncated(const std::filesystem::path& path, const std::string& detail);
Error payload_corrupt(const std::filesystem::path& path, const std::string& detail);
Error payload_foreign(const std::filesystem::path& path, const std::string& detail);

}  // namespace tdm
