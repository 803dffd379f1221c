#pragma once

#include <memory>

#include "storage/backend.hpp"

namespace tdm::storage {

// The Redis store (`redis://host[:port][/prefix]`), with hiredis. Keys live under
// `tdm:<prefix>/`; an object is a header key (part count, size, the id of the write that made
// it) and its content in bounded parts, so no single value blocks the server; the header is
// written last, so readers see a whole object or none. Leases are `SET NX PX`: the server
// expires a dead holder's lease, and only one caller can create it. Plain TCP only: hiredis
// 0.14 (Debian 12) has no TLS, so `rediss://` is refused. The password comes from
// `settings.redis_password`, never from the location.
std::unique_ptr<Backend> make_redis_backend(const StoreLocation& location,
                                            const BackendSettings& settings);

}  // namespace tdm::storage
