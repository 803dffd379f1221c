#include "snapshot_ops/scratch_databases.hpp"

#include "connection/connection.hpp"
#include "engine/reset.hpp"
#include "engine/restore.hpp"
#include "state/bookkeeping.hpp"

namespace tdm {

ScratchDatabases::ScratchDatabases(const ConnectionParams& server, std::vector<std::string> names,
                                   const TestDatabaseRule& rule, const std::string& purpose)
    : server_(server.with_database("")), names_(std::move(names)) {
  for (const std::string& name : names_) rule.require(name, purpose);
}

ScratchDatabases::~ScratchDatabases() {
  try {
    Connection connection(server_);
    Bookkeeping bookkeeping(connection);
    for (const std::string& name : names_) {
      // Records first: a kill in between leaves a database no reset trusts, never the reverse.
      bookkeeping.forget(name);
      forget_reset_records(connection, name);
      connection.execute("DROP DATABASE IF EXISTS " + Connection::quote_identifier(name));
    }
  } catch (const std::exception&) {
    // A lost server keeps them; the next check of the same names starts by replacing them.
  }
}

void ScratchDatabases::create_empty(const std::string& name, const DatabaseDefinition& like) const {
  Connection connection(server_);
  recreate_database(connection, name, like, kDefaultLockTimeout);
}

}  // namespace tdm
