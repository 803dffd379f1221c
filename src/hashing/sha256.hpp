#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX, kept out of every includer

namespace tdm {

// Incremental SHA-256 (OpenSSL EVP). Errors inside OpenSSL are bugs or exhausted memory and
// surface as Error(kInternal).
class Sha256 {
 public:
  Sha256();

  void update(std::string_view data);

  // Lower-case hex of the digest of everything passed to update() so far. It does not end
  // the computation: more update() calls may follow.
  std::string hex_digest() const;

 private:
  struct ContextDeleter {
    void operator()(evp_md_ctx_st* context) const;
  };
  std::unique_ptr<evp_md_ctx_st, ContextDeleter> context_;
};

std::string sha256_hex(std::string_view data);

// Streams the file in large blocks; never holds the whole file in memory.
// Throws Error(kInvalidInput, "cannot read <path>: <reason>").
std::string sha256_file_hex(const std::filesystem::path& path);

}  // namespace tdm
