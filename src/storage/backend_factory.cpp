#include "storage/backend_factory.hpp"

#include "core/error.hpp"
#include "storage/file/file_backend.hpp"
#include "storage/http/http_backend.hpp"
#include "storage/redis/redis_backend.hpp"

namespace tdm::storage {

std::unique_ptr<Backend> make_backend(const StoreLocation& location,
                                      const BackendSettings& settings) {
  if (location.scheme == "file") return make_file_backend(location);
  if (location.scheme == "http" || location.scheme == "https") {
    return make_http_backend(location, settings);
  }
  if (location.scheme == "redis") return make_redis_backend(location, settings);
  throw Error(ExitCode::kInvalidInput, "remote store " + location.shown + " has an unknown scheme",
              "write file:///dir, http(s)://host[:port]/prefix or redis://host[:port]");
}

}  // namespace tdm::storage
