#include "storage/http/curl_library.hpp"

#include <dlfcn.h>

#include <string>

#include "core/error.hpp"

namespace tdm::storage {

namespace {

[[noreturn]] void unavailable(const std::string& detail) {
  throw Error(ExitCode::kRemote,
              "an HTTP remote store needs libcurl, which cannot be loaded: " + detail,
              "install libcurl (Debian: apt-get install libcurl4), or remove the http(s) store "
              "from TDM_REMOTE_STORAGE");
}

template <typename Function>
void resolve(void* handle, const char* name, Function& function) {
  void* symbol = ::dlsym(handle, name);
  if (!symbol) unavailable(std::string("no ") + name + " in it");
  function = reinterpret_cast<Function>(symbol);
}

}  // namespace

CurlLibrary::CurlLibrary() {
  // NODELETE: the TLS libraries it pulls in register exit handlers, which must outlive it.
  handle_ = ::dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
  if (!handle_) unavailable(::dlerror());
  try {
    resolve(handle_, "curl_easy_init", easy_init);
    resolve(handle_, "curl_easy_cleanup", easy_cleanup);
    resolve(handle_, "curl_easy_setopt", easy_setopt);
    resolve(handle_, "curl_easy_perform", easy_perform);
    resolve(handle_, "curl_easy_getinfo", easy_getinfo);
    resolve(handle_, "curl_easy_strerror", easy_strerror);
    resolve(handle_, "curl_slist_append", slist_append);
    resolve(handle_, "curl_slist_free_all", slist_free_all);
  } catch (const Error&) {
    ::dlclose(handle_);
    throw;
  }
}

CurlLibrary::~CurlLibrary() {
  ::dlclose(handle_);
}

}  // namespace tdm::storage
