#include "engine/restore/local_infile_feed.hpp"

#include <algorithm>
#include <cstring>

#include "core/error.hpp"

namespace tdm {

namespace {

int feed_init(void** state, const char* /*file name*/, void* feed) {
  *state = feed;
  return 0;
}

int feed_read(void* feed, char* buffer, unsigned length) {
  return static_cast<LocalInfileFeed*>(feed)->read(buffer, length);
}

void feed_end(void* /*feed*/) {}

int feed_error(void* feed, char* message, unsigned length) {
  return static_cast<LocalInfileFeed*>(feed)->error(message, length);
}

}  // namespace

LocalInfileFeed::LocalInfileFeed(Connection& connection, const PayloadFile& file,
                                 const std::atomic<bool>& cancelled, ProgressReporter* progress)
    : file_(file), cancelled_(cancelled), progress_(progress) {
  // The client must offer LOCAL INFILE itself; the server still has to allow it.
  unsigned int enable = 1;
  mysql_options(connection.handle(), MYSQL_OPT_LOCAL_INFILE, &enable);
  mysql_set_local_infile_handler(connection.handle(), feed_init, feed_read, feed_end, feed_error,
                                 this);
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

int LocalInfileFeed::error(char* message, unsigned length) const {
  if (length > 0) {
    std::size_t copied = std::min<std::size_t>(error_.size(), length - 1);
    std::memcpy(message, error_.data(), copied);
    message[copied] = '\0';
  }
  return 2000;  // CR_UNKNOWN_ERROR
}

}  // namespace tdm
