#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "support/test_files.hpp"

// The nginx (WebDAV) the storage tests store into: the build tree's, started by the CTest
// fixture tdm_test_nginx; run by hand, a test binary starts a private one once and stops it at
// exit.
namespace tdm::testing {

class NginxStore {
 public:
  static const NginxStore& instance() {
    static NginxStore store;
    return store;
  }
  // "http://127.0.0.1:<port>"
  std::string url() const { return "http://127.0.0.1:" + port_; }
  // Where nginx keeps the object of `url_path` ("/prefix/key"): tests damage objects there.
  std::filesystem::path file_of(const std::string& url_path) const {
    return dir_ / "data" / url_path.substr(1);
  }

  NginxStore(const NginxStore&) = delete;
  NginxStore& operator=(const NginxStore&) = delete;

 private:
  NginxStore() {
    if (!std::filesystem::exists(dir_ / "port")) {
      dir_ = std::filesystem::temp_directory_path() / ("tdm-nginx-" + std::to_string(::getpid()));
      std::string start = std::string(TDM_TEST_NGINX_SCRIPT) + " start " + dir_.string();
      if (std::system(start.c_str()) != 0) std::abort();  // nothing to test against
      private_ = true;
    }
    port_ = read_bytes(dir_ / "port");
    while (!port_.empty() && port_.back() == '\n') port_.pop_back();
  }
  ~NginxStore() {
    if (!private_) return;
    std::string stop = std::string(TDM_TEST_NGINX_SCRIPT) + " stop " + dir_.string();
    [[maybe_unused]] int ignored = std::system(stop.c_str());
  }

  std::filesystem::path dir_ = TDM_TEST_NGINX_DIR;
  std::string port_;
  bool private_ = false;
};

}  // namespace tdm::testing
