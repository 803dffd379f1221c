#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tdm {

// MariaDB's limit for a database name, in characters.
constexpr std::size_t kServerDatabaseNameLimit = 64;

// The limit for a database name a user gives tdm: the per-test copies it makes are named
// "<name>__s<N>" (up to "__s256"), and those must fit the server's 64 characters too.
constexpr std::size_t kDatabaseNameLimit = 48;

// Characters (code points) of valid UTF-8 text, as the server counts identifier lengths;
// every byte of an invalid sequence counts as one.
std::size_t utf8_characters(std::string_view text);

// Throws Error(kInvalidInput) naming `origin` (e.g. "--database") and the fix unless `name` is
// a database name tdm can work with: non-empty, valid UTF-8 without control characters or
// characters beyond U+FFFF, not ending in a space, and at most kDatabaseNameLimit characters
// (not counting the "__s<N>" of a per-test copy, which tdm hands tests by name).
void validate_database_name(std::string_view name, std::string_view origin);

// The identifier quoted with backticks at `at` in text the server wrote (SHOW CREATE ...),
// a doubled backtick inside standing for one; `at` is left after its closing backtick.
// "" and `at` unchanged when there is no backtick at `at`.
std::string read_quoted_identifier(std::string_view text, std::size_t& at);

// `statement` with every `database`. qualifier removed from identifiers, outside string
// literals. SHOW CREATE TABLE names some objects of the table's own database with the
// database's name (e.g. DEFAULT nextval(`db`.`seq`)); without this, a copy restored under
// another name would keep pointing into the original database.
std::string without_database_qualifier(std::string_view statement, std::string_view database);

}  // namespace tdm
