#include "hashing/sha256.hpp"

#include <gtest/gtest.h>

#include <string>

#include "core/error.hpp"
#include "hashing_test_files.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;

TEST(Sha256, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, IncrementalUpdatesEqualOneShot) {
  Sha256 sha;
  sha.update("a");
  sha.update("");
  sha.update("bc");
  EXPECT_EQ(sha.hex_digest(), sha256_hex("abc"));
}

TEST(Sha256, DigestDoesNotEndTheComputation) {
  Sha256 sha;
  sha.update("ab");
  EXPECT_EQ(sha.hex_digest(), sha256_hex("ab"));
  EXPECT_EQ(sha.hex_digest(), sha256_hex("ab"));
  sha.update("c");
  EXPECT_EQ(sha.hex_digest(), sha256_hex("abc"));
}

TEST(Sha256, FileDigestEqualsContentDigestAcrossBlocks) {
  fs::path dir = testing::temporary_directory();
  std::string content;
  for (int i = 0; content.size() < 1024 * 1024 + 3; ++i) content += std::to_string(i) + ",";
  testing::write_test_file(dir / "big.sql", content);
  testing::write_test_file(dir / "empty.sql", "");

  EXPECT_EQ(sha256_file_hex(dir / "big.sql"), sha256_hex(content));
  EXPECT_EQ(sha256_file_hex(dir / "empty.sql"), sha256_hex(""));
}

TEST(Sha256, UnreadableFileNamesThePath) {
  fs::path missing = fs::path(testing::temporary_directory()) / "missing.sql";
  try {
    sha256_file_hex(missing);
    FAIL() << "expected an error";
  } catch (const Error& error) {
    EXPECT_EQ(error.code(), ExitCode::kInvalidInput);
    EXPECT_NE(std::string(error.what()).find("cannot read " + missing.string() + ": "),
              std::string::npos)
        << error.what();
  }
}

}  // namespace
}  // namespace tdm
