#include "storage/backend_factory.hpp"

#include "core/error.hpp"
#include "storage/file/file_backend.hpp"
#include "storage/http/http_backend.hpp"

namespace tdm::storage {

std::unique_ptr<Backend> make_backend(const StoreLocation& location,
                                      const BackendSettings& settings) {
  if (location.scheme == "file") return make_file_backend(location);
  if (location.scheme == "http" || location.scheme == "https") {
    return make_http_backend(location, settings);
  }
  if (location.scheme == "redis") {
    // wired to make_redis_backend when the redis backend lands
    throw Error(ExitCode::kInvalidInput, "redis:// stores are not built in this tdm",
                "use a file:// or http(s):// store, or remove " + location.shown +
                    " from TDM_REMOTE_STORAGE");
  }
  throw Error(ExitCode::kInvalidInput, "remote store " + location.shown + " has an unknown scheme",
              "write file:///dir, http(s)://host[:port]/prefix or redis://host[:port]");
}

}  // namespace tdm::storage
