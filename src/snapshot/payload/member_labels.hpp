#pragma once

#include <optional>
#include <string>
#include <vector>

#include "snapshot/payload/contents.hpp"

namespace tdm {

// The rows of ENUM and SET columns travel as what the server stores, index and bit mask, so
// that every stored value loads back (ENUM index 0 included). People read labels: the export
// writes them, and the diff compares and shows them (also against payloads of an older tdm,
// which carried the labels). This maps one column's numbers back to its members.
class MemberLabels {
 public:
  // The labels of column `column` of a table created by `create_table` (SHOW CREATE TABLE),
  // when it is an ENUM or a SET column; nullopt for any other column.
  static std::optional<MemberLabels> of(const std::string& create_table, const std::string& column);

  // ENUM: the member of index `number`, "" for index 0. SET: the members of the bit mask,
  // comma-separated. nullopt when `number` is not a number, or names no member.
  std::optional<std::string> label(const std::string& number) const;
  // ENUM index 0: a value outside the list that a permissive sql_mode stored. Its label ''
  // is also the label of a member '', where the list has one.
  bool is_enum_index_zero(const std::string& number) const { return !is_set_ && number == "0"; }

 private:
  MemberLabels(bool is_set, std::vector<std::string> members)
      : is_set_(is_set), members_(std::move(members)) {}

  bool is_set_;
  std::vector<std::string> members_;
};

// Per column of `layout`, the labels of the ENUM and SET columns carried as numbers (encoding
// kUnsigned), nullopt for the others: for readers that show values to people.
std::vector<std::optional<MemberLabels>> member_labels(const TableDataLayout& layout,
                                                       const std::string& create_table);

}  // namespace tdm
