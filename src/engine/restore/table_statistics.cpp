#include "engine/restore/table_statistics.hpp"

#include "core/error.hpp"

namespace tdm {

void recalculate_statistics(Connection& connection, const std::string& table,
                            std::string_view database) {
  // ANALYZE reports a failure as a row of its result (Msg_type "error"), not as an error; an
  // engine without statistics answers with a note.
  Result result = connection.query("ANALYZE NO_WRITE_TO_BINLOG TABLE " +
                                   Connection::quote_table(database, table));
  while (auto row = result.next()) {
    if (row->view(2) == "error") {
      throw Error(ExitCode::kDatabase,
                  "cannot recalculate the statistics of table `" + table + "`: " + row->str(3));
    }
  }
}

}  // namespace tdm
