#pragma once

#include <memory>

#include "storage/backend.hpp"

namespace tdm::storage {

// A store served over HTTP(S) by libcurl: GET, HEAD, PUT, DELETE of `<url>/<key>` (a WebDAV
// server such as nginx with `dav_methods PUT DELETE MOVE`, bazel-remote, an HTTP gateway).
// Credentials: a bearer token (BackendSettings, from TDM_REMOTE_TOKEN), else ~/.netrc when it
// has the host. TLS and its certificate checks are libcurl's. A connection that is not made,
// or a transfer that makes no progress, within the timeout fails the request.
//
// list() reads a directory listing in nginx's `autoindex_format json`; a store without one
// answers with an Error saying so. A lease is created by PUT of a temporary object and a
// WebDAV `MOVE` onto the lease's key with `Overwrite: F`, which the server refuses (412) when
// the key exists: create-if-absent. nginx checks and renames in one step of one worker, so two
// runners rarely both win; guarantees_single_owner() is false because the protocol does not
// promise it.
std::unique_ptr<Backend> make_http_backend(const StoreLocation& location,
                                           const BackendSettings& settings);

}  // namespace tdm::storage
