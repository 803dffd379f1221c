#pragma once

#include <curl/curl.h>

namespace tdm::storage {

// libcurl, opened (dlopen) by the HTTP store when it makes its first request, not linked into
// tdm: linking it loads its TLS, Kerberos and LDAP libraries and runs their constructors in
// every tdm process, ~9 ms of CPU before main() on 2 cores, which every `tdm run` paid before
// its test started. The functions are libcurl's own, called through these pointers.
class CurlLibrary {
 public:
  // Throws Error(kRemote) when libcurl (libcurl.so.4) cannot be loaded.
  CurlLibrary();
  ~CurlLibrary();
  CurlLibrary(const CurlLibrary&) = delete;
  CurlLibrary& operator=(const CurlLibrary&) = delete;

  CURL* (*easy_init)() = nullptr;
  void (*easy_cleanup)(CURL*) = nullptr;
  CURLcode (*easy_setopt)(CURL*, CURLoption, ...) = nullptr;
  CURLcode (*easy_perform)(CURL*) = nullptr;
  CURLcode (*easy_getinfo)(CURL*, CURLINFO, ...) = nullptr;
  const char* (*easy_strerror)(CURLcode) = nullptr;
  curl_slist* (*slist_append)(curl_slist*, const char*) = nullptr;
  void (*slist_free_all)(curl_slist*) = nullptr;

 private:
  void* handle_ = nullptr;
};

}  // namespace tdm::storage
