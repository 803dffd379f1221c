#include "snapshot/payload/verification.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "core/error.hpp"
#include "payload_test_support.hpp"
#include "snapshot/payload/reader.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;

// The Error verify_payload throws, or a failure when it accepts the file.
Error rejection(const fs::path& path, const std::string& expected) {
  try {
    verify_payload(path, expected);
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "verify_payload accepted " << path;
  return Error(ExitCode::kOk, "");
}

class PayloadVerification : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = fs::path(testing::temporary_directory()) / "sample.tdm";
    sha256_ = testing::write_sample_payload(path_).sha256;
    bytes_ = testing::read_bytes(path_);
  }
  fs::path path_;
  std::string sha256_;
  std::string bytes_;
};

TEST_F(PayloadVerification, AcceptsAnIntactPayloadWithOrWithoutTheExpectedDigest) {
  EXPECT_NO_THROW(verify_payload(path_, sha256_));
  EXPECT_NO_THROW(verify_payload(path_, ""));
}

TEST_F(PayloadVerification, MissingFile) {
  Error error = rejection(path_.parent_path() / "nope.tdm", sha256_);
  EXPECT_EQ(error.code(), ExitCode::kSnapshot);
  EXPECT_NE(std::string(error.what()).find("is missing"), std::string::npos) << error.what();
  EXPECT_NE(std::string(error.what()).find("nope.tdm"), std::string::npos);
}

TEST_F(PayloadVerification, TruncatedAnywhere) {
  for (std::size_t keep : {std::size_t{0}, std::size_t{5}, bytes_.size() / 2, bytes_.size() - 1}) {
    testing::write_test_file(path_, bytes_.substr(0, keep));
    for (const std::string& expected : {sha256_, std::string()}) {
      Error error = rejection(path_, expected);
      EXPECT_EQ(error.code(), ExitCode::kSnapshot);
      EXPECT_NE(std::string(error.what()).find("truncated"), std::string::npos)
          << "kept " << keep << ": " << error.what();
    }
  }
}

TEST_F(PayloadVerification, AFlippedByteAnywhereIsCorrupt) {
  // In the header's version, a length field, table data, and the end section's digest.
  for (std::size_t at : {std::size_t{9}, std::size_t{14}, bytes_.size() / 2, bytes_.size() - 3}) {
    std::string damaged = bytes_;
    damaged[at] = static_cast<char>(damaged[at] ^ 0x01);
    testing::write_test_file(path_, damaged);
    Error error = rejection(path_, sha256_);
    EXPECT_EQ(error.code(), ExitCode::kSnapshot);
    EXPECT_NE(std::string(error.what()).find("corrupt"), std::string::npos)
        << "byte " << at << ": " << error.what();
  }
}

TEST_F(PayloadVerification, AFlippedDataByteIsCaughtByTheEmbeddedDigestToo) {
  std::string damaged = bytes_;
  damaged[bytes_.size() / 2] ^= 0x20;
  testing::write_test_file(path_, damaged);
  Error error = rejection(path_, "");
  EXPECT_EQ(error.code(), ExitCode::kSnapshot);
  EXPECT_NE(std::string(error.what()).find("corrupt"), std::string::npos) << error.what();
}

TEST_F(PayloadVerification, ForeignFile) {
  testing::write_test_file(path_, "-- MariaDB dump 10.19\nCREATE TABLE t (a int);\n");
  Error error = rejection(path_, sha256_);
  EXPECT_EQ(error.code(), ExitCode::kSnapshot);
  EXPECT_NE(std::string(error.what()).find("not a TDM snapshot payload"), std::string::npos)
      << error.what();
}

// A newer format, and format 1 (which carried tablespace copies inside), are named and
// refused: the snapshot is captured again (AUTO falls back to seeding by itself).
TEST_F(PayloadVerification, AnotherFormatVersionIsNamedAndRefused) {
  for (char version : {9, 1}) {
    std::string other = bytes_;
    other[8] = version;  // version u32 LE follows the 8-byte magic
    testing::write_test_file(path_, other);
    try {
      read_payload_index(path_);
      FAIL() << "format " << int(version) << " was accepted";
    } catch (const Error& error) {
      EXPECT_EQ(error.code(), ExitCode::kSnapshot);
      std::string expected =
          "format version " + std::to_string(version) + ", this tdm reads format 2";
      EXPECT_NE(std::string(error.what()).find(expected), std::string::npos) << error.what();
    }
  }
}

}  // namespace
}  // namespace tdm
