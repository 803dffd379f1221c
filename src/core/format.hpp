#pragma once

#include <cstdint>
#include <string>

namespace tdm {

// Figures as the one-line logs show them.
std::string format_seconds(double seconds);         // "0.31 s"
std::string format_megabytes(std::uint64_t bytes);  // "12.4 MB"

}  // namespace tdm
