#include "cli/ignore_option.hpp"

namespace tdm::cli {

void add_ignore_option(CLI::App& verb, std::vector<std::string>& ignore) {
  verb.add_option("--ignore", ignore,
                  "TABLE or TABLE.COLUMN not to compare (repeatable); the report lists it")
      ->allow_extra_args(false);
}

DiffOptions diff_options_from(const std::vector<std::string>& ignore) {
  DiffOptions options;
  for (const std::string& rule : ignore) options.ignore.push_back(parse_ignore_rule(rule));
  return options;
}

}  // namespace tdm::cli
