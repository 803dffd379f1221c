#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tdm {

// Figures as the one-line logs show them.
std::string format_seconds(double seconds);         // "0.31 s"
std::string format_megabytes(std::uint64_t bytes);  // "12.4 MB"

// ASCII letters upper-cased, everything else kept: how SQL keywords are compared.
std::string ascii_upper(std::string_view text);

}  // namespace tdm
