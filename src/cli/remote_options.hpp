#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "cli/context.hpp"
#include "storage/remote_stores.hpp"

namespace tdm::cli {

// --remote-storage URLS: the stores tdm_add_snapshot's REMOTE_STORAGE names; $TDM_REMOTE_STORAGE
// wins when it is set (set empty: no stores).
void add_remote_storage_option(CLI::App& verb, std::string& urls);

// The remote stores of this command, from --remote-storage and the environment
// (storage::remote_storage_settings).
storage::RemoteStores open_remote_stores(const std::string& flag, const Context& context);

}  // namespace tdm::cli
