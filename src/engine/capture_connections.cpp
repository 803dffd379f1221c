#include "engine/capture_connections.hpp"

#include "engine/shared_snapshot.hpp"

namespace tdm {

std::future<CaptureConnections> open_capture_connections(const ConnectionParams& params,
                                                         const std::string& database,
                                                         unsigned readers) {
  return std::async(std::launch::async, [params, database, readers] {
    CaptureConnections opened;
    while (opened.readers.size() < readers) {
      opened.readers.push_back(open_capture_reader(params, database));
    }
    opened.locker.emplace(params.with_database(""));
    opened.objects = read_object_names(*opened.locker, database);
    return opened;
  });
}

}  // namespace tdm
