#include "engine/capture/capture_connections.hpp"

#include "engine/capture/shared_snapshot.hpp"
#include "engine/common/database_inventory.hpp"
#include "engine/common/object_definitions.hpp"

namespace tdm {

std::future<CaptureConnections> open_capture_connections(const ConnectionParams& params,
                                                         const std::string& database,
                                                         unsigned readers) {
  return std::async(std::launch::async, [params, database, readers] {
    CaptureConnections opened;
    while (opened.readers.size() < readers) {
      opened.readers.push_back(open_capture_reader(params, database));
    }
    opened.locker.emplace(open_capture_reader(params, database));
    return opened;
  });
}

std::vector<StoredObject> read_stored_objects(Connection& connection, const std::string& database) {
  std::vector<StoredObject> objects;
  for (const ObjectName& object : read_object_names(connection, database)) {
    objects.push_back(read_object_definition(connection, database, object));
  }
  return objects;
}

std::future<std::vector<StoredObject>> read_stored_objects_aside(Connection connection,
                                                                 const std::string& database) {
  return std::async(std::launch::async, [connection = std::move(connection), database]() mutable {
    // Closed as soon as the objects are read: the lambda itself lives until the capture takes
    // the result, after the rows.
    Connection reader = std::move(connection);
    return read_stored_objects(reader, database);
  });
}

}  // namespace tdm
