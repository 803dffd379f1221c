#include "engine/restore/local_infile_feed.hpp"

#include <algorithm>

#include "core/error.hpp"

namespace tdm {

LocalInfileFeed::LocalInfileFeed(Connection& connection, const PayloadFile& file,
                                 const std::atomic<bool>& cancelled, ProgressReporter* progress)
    : connection_(connection), file_(file), cancelled_(cancelled), progress_(progress) {
  connection_.serve_local_infile(this);
}

LocalInfileFeed::~LocalInfileFeed() {
  connection_.serve_local_infile(nullptr);
}

void LocalInfileFeed::set_source(const TableData& data) {
  data_ = &data;
  chunk_ = 0;
  chunk_offset_ = 0;
  error_.clear();
}

int LocalInfileFeed::read(char* buffer, unsigned length) {
  if (cancelled_.load()) {
    error_ = "cancelled because a sibling load failed";
    return -1;
  }
  if (!data_) return 0;
  try {
    std::size_t sent = 0;
    while (sent < length && chunk_ < data_->chunks.size()) {
      const DataChunk& chunk = data_->chunks[chunk_];
      std::uint64_t left = chunk.size - chunk_offset_;
      std::size_t want = static_cast<std::size_t>(std::min<std::uint64_t>(left, length - sent));
      std::size_t got = file_.read_at(chunk.offset + chunk_offset_, buffer + sent, want);
      if (got != want) {
        error_ = "snapshot payload " + file_.path().string() + " ended early";
        return -1;
      }
      sent += got;
      chunk_offset_ += got;
      if (chunk_offset_ == chunk.size) {
        ++chunk_;
        chunk_offset_ = 0;
      }
    }
    if (progress_) progress_->add(sent, 0);
    return static_cast<int>(sent);
  } catch (const std::exception& failure) {
    error_ = failure.what();
    return -1;
  }
}

}  // namespace tdm
