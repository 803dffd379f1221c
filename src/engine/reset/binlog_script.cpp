#include "engine/reset/binlog_script.hpp"

namespace tdm {

std::vector<std::string> undo_round_trips(const UndoScript& script) {
  std::vector<std::string> trips;
  std::string between;
  auto end_between = [&] {
    if (!between.empty()) trips.push_back(std::move(between));
    between.clear();
  };
  for (const std::string& statement : script.statements) {
    if (statement.rfind("BINLOG", 0) == 0) {
      end_between();
      trips.push_back(statement);
    } else {
      between += (between.empty() ? "" : ";\n") + statement;
    }
  }
  end_between();
  return trips;
}

}  // namespace tdm
