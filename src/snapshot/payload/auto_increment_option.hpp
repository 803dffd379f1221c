#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tdm {

// The AUTO_INCREMENT=N table option of a SHOW CREATE TABLE statement, nullopt when absent
// (no such column, or the counter is still 1).
std::optional<std::uint64_t> declared_auto_increment(std::string_view create_table);

// The statement without that option, for comparing definitions whatever the counters.
std::string without_auto_increment(std::string_view create_table);

}  // namespace tdm
