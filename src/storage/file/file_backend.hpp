#pragma once

#include <memory>

#include "storage/backend.hpp"

namespace tdm::storage {

// A store in a directory, local or on a shared mount (NFS): each key is a file under it.
// Objects are written under a temporary name in their directory and renamed, so a reader sees
// a whole object or none, with any number of writers. A lease is a file created exclusively
// (link(2) of a file already holding owner and expiry: the name never exists half-written),
// which is atomic on local file systems and NFS alike; one whose expiry passed is removed and
// created again.
std::unique_ptr<Backend> make_file_backend(const StoreLocation& location);

}  // namespace tdm::storage
