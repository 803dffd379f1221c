#include "cli/remote_options.hpp"

namespace tdm::cli {

void add_remote_storage_option(CLI::App& verb, std::string& urls) {
  verb.add_option("--remote-storage", urls,
                  "Remote snapshot stores, tried in order (space-separated): file:///dir, "
                  "http(s)://host[:port]/prefix, redis://host[:port], each optionally |read-only "
                  "($TDM_REMOTE_STORAGE wins, also when set empty: stores off)")
      ->type_name("URLS");
}

storage::RemoteStores open_remote_stores(const std::string& flag, const Context& context) {
  return storage::RemoteStores::open(storage::remote_storage_settings(flag, context.env),
                                     context.log);
}

}  // namespace tdm::cli
