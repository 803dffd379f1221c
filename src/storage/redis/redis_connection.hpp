#pragma once

#include <hiredis/hiredis.h>

#include <initializer_list>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.hpp"
#include "storage/backend.hpp"

namespace tdm::storage::redis {

// One line naming the store, the problem and the fix, as every remote error reads.
Error store_error(const StoreLocation& location, ExitCode code, const std::string& problem,
                  const std::string& fix);

struct ReplyDeleter {
  void operator()(redisReply* reply) const noexcept { freeReplyObject(reply); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

// The bytes of a string reply (a bulk string, a status); empty for any other type.
std::string_view reply_text(const redisReply& reply);

// One session with a Redis server: connected with the settings' timeout (which also bounds
// every later read and write), authenticated when a password is set. Commands go as argument
// vectors, so values are binary-safe and never parsed by a format string. An error reply or a
// lost/timed-out connection throws Error naming the store; after an I/O failure the session is
// unusable, and after any failure in a pipeline it holds unread replies: its owner drops it.
class RedisConnection {
 public:
  RedisConnection(const StoreLocation& location, const BackendSettings& settings);

  // Sends one command and waits for its reply.
  Reply command(std::initializer_list<std::string_view> arguments);
  Reply command(const std::vector<std::string_view>& arguments);

  // Pipelining: `append` queues a command without waiting, `next_reply` sends what is queued
  // and reads the reply of the oldest command not yet answered.
  void append(std::initializer_list<std::string_view> arguments);
  Reply next_reply();

 private:
  struct ContextDeleter {
    void operator()(redisContext* context) const noexcept { redisFree(context); }
  };

  void authenticate(const std::string& password);
  Reply checked(Reply reply);
  [[noreturn]] void fail_io(const std::string& doing, int saved_errno);

  const StoreLocation& location_;
  std::chrono::milliseconds timeout_;
  std::unique_ptr<redisContext, ContextDeleter> context_;
};

}  // namespace tdm::storage::redis
