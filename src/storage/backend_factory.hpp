#pragma once

#include <memory>

#include "storage/backend.hpp"

namespace tdm::storage {

// The backend of a parsed location's scheme: file, http(s) or redis.
std::unique_ptr<Backend> make_backend(const StoreLocation& location,
                                      const BackendSettings& settings);

}  // namespace tdm::storage
