#include "engine/common/definition_rewrite.hpp"

namespace tdm {

std::string sequence_with_table_options(std::string_view create_sequence,
                                        std::string_view create_table) {
  // SHOW CREATE TABLE ends "\n) ENGINE=... SEQUENCE=1 [COMMENT='...']"; no column comment of a
  // sequence's fixed columns holds "\n) ".
  std::size_t close = create_table.rfind("\n) ");
  if (close == std::string_view::npos) return std::string(create_sequence);
  std::string options(create_table.substr(close + 3));
  // SEQUENCE=1 comes before COMMENT=, so its first occurrence is the option itself.
  std::size_t flag = options.find("SEQUENCE=1");
  if (flag != std::string::npos && (flag == 0 || options[flag - 1] == ' ')) {
    std::size_t end = flag + 10;
    if (end < options.size() && options[end] == ' ') ++end;
    options.erase(flag, end - flag);
  }
  while (!options.empty() && options.back() == ' ') options.pop_back();
  // The sequence's own options hold no quotes: its first " ENGINE=" starts the table options.
  std::size_t engine = create_sequence.find(" ENGINE=");
  std::string_view own = create_sequence.substr(0, engine);
  if (options.empty()) return std::string(own);
  return std::string(own) + " " + options;
}

}  // namespace tdm
