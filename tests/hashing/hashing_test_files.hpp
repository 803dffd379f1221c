#pragma once

#include <utime.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include "support/test_files.hpp"

// Small helpers the hashing tests use to lay out real input trees.
namespace tdm::testing {

// Sets both access and modification time, like touch -d.
inline void set_mtime(const std::filesystem::path& path, long seconds_since_epoch) {
  struct utimbuf times {};
  times.actime = seconds_since_epoch;
  times.modtime = seconds_since_epoch;
  ::utime(path.c_str(), &times);
}

}  // namespace tdm::testing
