#pragma once

#include <string>

namespace tdm {

// Whether every value a column of type `older` holds fits a column of type `newer` unchanged
// (types as SHOW CREATE TABLE writes them: "int(10) unsigned", "varchar(64)",
// "decimal(12,2)", "enum('a','b')"): integers and text of the same kind or wider, a longer
// VARCHAR/CHAR, a DECIMAL with as many digits before and after the point, ENUM/SET values
// kept in their order, more fractional seconds, FLOAT to DOUBLE. Anything else (a narrower or
// different type) may lose values or refuse what clients write: not widening.
bool widens_or_keeps(const std::string& older, const std::string& newer);

}  // namespace tdm
