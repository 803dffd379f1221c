#pragma once

#include <string>
#include <string_view>

namespace tdm {

// `statement` with every `database`. qualifier removed from identifiers, outside string
// literals. SHOW CREATE TABLE names some objects of the table's own database with the
// database's name (e.g. DEFAULT nextval(`db`.`seq`)); without this, a copy restored under
// another name would keep pointing into the original database.
std::string without_database_qualifier(std::string_view statement, std::string_view database);

}  // namespace tdm
