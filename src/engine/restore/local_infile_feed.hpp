#pragma once

#include <atomic>
#include <cstdint>
#include <string>

#include "connection/connection.hpp"
#include "engine/common/progress_reporter.hpp"
#include "snapshot/payload/reader.hpp"

namespace tdm {

// Feeds LOAD DATA LOCAL INFILE on one connection from a table's chunks in the payload file,
// through the client library's local-infile callbacks: no temporary files, no copies beyond
// the client's network buffer. The file name in the statement is ignored.
//
// Served from construction to destruction; the connection and the file must outlive the feed.
class LocalInfileFeed : public LocalInfileSource {
 public:
  // `cancelled`, when set by another thread, makes the next read fail, so a load in progress
  // stops soon after a sibling load failed. `progress`, when given, hears of every byte sent.
  LocalInfileFeed(Connection& connection, const PayloadFile& file,
                  const std::atomic<bool>& cancelled, ProgressReporter* progress = nullptr);
  ~LocalInfileFeed() override;
  LocalInfileFeed(const LocalInfileFeed&) = delete;
  LocalInfileFeed& operator=(const LocalInfileFeed&) = delete;

  // The data the next LOAD DATA LOCAL INFILE on the connection will read.
  void set_source(const TableData& data);

  int read(char* buffer, unsigned length) override;
  std::string failure() const override { return error_; }

 private:
  Connection& connection_;
  const PayloadFile& file_;
  const std::atomic<bool>& cancelled_;
  ProgressReporter* progress_;
  const TableData* data_ = nullptr;
  std::size_t chunk_ = 0;           // index of the chunk being read
  std::uint64_t chunk_offset_ = 0;  // bytes of it already sent
  std::string error_;
};

}  // namespace tdm
