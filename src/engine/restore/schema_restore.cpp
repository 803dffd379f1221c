#include "engine/restore/schema_restore.hpp"

#include <algorithm>

#include "core/error.hpp"
#include "engine/common/session_settings.hpp"

namespace tdm {

namespace {

// Runs one definition, naming the object when the server rejects it.
void execute_definition(Connection& connection, const std::string& what,
                        const std::string& statement) {
  try {
    connection.execute(statement);
  } catch (const Error& error) {
    throw Error(error.code(), "creating " + what + ": " + error.what());
  }
}

std::string describe(const StoredObject& object) {
  return object.type + " `" + object.name + "`";
}

// Routines, triggers and events keep the database's default collation of when they were made
// ("Database Collation"): the current database is switched to it around the creation of each
// that differs, and back to its own default at the end.
class DatabaseCollation {
 public:
  DatabaseCollation(Connection& connection, const std::vector<StoredObject>& objects)
      : connection_(connection) {
    bool recorded = std::any_of(objects.begin(), objects.end(), [](const StoredObject& object) {
      return !object.database_collation.empty();
    });
    if (recorded) own_ = current_ = connection.scalar("SELECT @@collation_database").value_or("");
  }

  void switch_for(const StoredObject& object) {
    if (object.database_collation.empty() || object.database_collation == current_) return;
    alter(object.database_collation);
  }

  void switch_back() {
    if (current_ != own_) alter(own_);
  }

 private:
  void alter(const std::string& collation) {
    connection_.execute("ALTER DATABASE COLLATE " + connection_.quote(collation));
    current_ = collation;
  }

  Connection& connection_;
  std::string own_;
  std::string current_;
};

void create_object(Connection& connection, const StoredObject& object) {
  std::string context = "SET SESSION sql_mode = " + connection.quote(object.sql_mode);
  if (!object.character_set_client.empty()) {
    context += ", character_set_client = " + connection.quote(object.character_set_client);
  }
  if (!object.collation_connection.empty()) {
    context += ", collation_connection = " + connection.quote(object.collation_connection);
  }
  if (!object.time_zone.empty()) context += ", time_zone = " + connection.quote(object.time_zone);
  connection.execute(context);
  execute_definition(connection, describe(object), object.create_statement);
}

// Creates the views in passes: a pass creates every view whose dependencies exist; a pass
// that creates none means a view is broken, and its error is reported.
void create_views(Connection& connection, std::vector<const StoredObject*> pending) {
  while (!pending.empty()) {
    std::vector<const StoredObject*> failed;
    std::exception_ptr last_failure;
    for (const StoredObject* view : pending) {
      try {
        create_object(connection, *view);
      } catch (const Error&) {
        // Broad on purpose: a view over one not created yet fails in several ways, and nothing
        // is lost by retrying: a pass that creates none rethrows its last error.
        failed.push_back(view);
        last_failure = std::current_exception();
      }
    }
    if (failed.size() == pending.size()) std::rethrow_exception(last_failure);
    pending = std::move(failed);
  }
}

}  // namespace

void create_tables(Connection& connection, const PayloadIndex& index) {
  for (const SequenceDefinition& sequence : index.sequences) {
    std::string quoted = Connection::quote_identifier(sequence.name);
    execute_definition(connection, "sequence `" + sequence.name + "`", sequence.create_statement);
    execute_definition(connection, "sequence `" + sequence.name + "`",
                       "DO SETVAL(" + quoted + ", " + setval_arguments(sequence) + ")");
  }
  for (const TableDefinition& table : index.tables) {
    execute_definition(connection, "table `" + table.name + "`", table.create_statement);
  }
}

void create_stored_objects(Connection& connection, const std::vector<StoredObject>& objects) {
  DatabaseCollation database_collation(connection, objects);
  std::vector<const StoredObject*> views;
  for (const StoredObject& object : objects) {
    if (object.type == "VIEW") views.push_back(&object);
  }
  bool views_done = false;
  for (const StoredObject& object : objects) {
    if (object.type != "VIEW") {
      database_collation.switch_for(object);
      create_object(connection, object);
    } else if (!views_done) {
      create_views(connection, views);
      views_done = true;
    }
  }
  database_collation.switch_back();
  // Back to the restore session's own settings for whatever runs next on this connection.
  connection.execute("SET NAMES utf8mb4");
  prepare_restore_session(connection);
}

}  // namespace tdm
