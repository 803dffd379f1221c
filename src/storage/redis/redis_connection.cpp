#include "storage/redis/redis_connection.hpp"

#include <sys/time.h>

#include <cerrno>
#include <vector>

namespace tdm::storage::redis {

namespace {

constexpr int kDefaultPort = 6379;

constexpr char kUnreachableFix[] =
    "check that the Redis server runs and is reachable from here, raise TDM_REMOTE_TIMEOUT for "
    "a slow one, or remove it from TDM_REMOTE_STORAGE";

timeval to_timeval(std::chrono::milliseconds duration) {
  auto micros = std::chrono::duration_cast<std::chrono::microseconds>(duration).count();
  return timeval{static_cast<time_t>(micros / 1'000'000),
                 static_cast<suseconds_t>(micros % 1'000'000)};
}

// hiredis takes parallel arrays of pointers and lengths.
struct ArgumentVector {
  template <typename Arguments>
  explicit ArgumentVector(const Arguments& arguments) {
    for (std::string_view argument : arguments) {
      pointers.push_back(argument.data());
      lengths.push_back(argument.size());
    }
  }
  int count() const { return static_cast<int>(pointers.size()); }
  std::vector<const char*> pointers;
  std::vector<size_t> lengths;
};

bool is_authentication_error(std::string_view text) {
  // NOAUTH: a password is needed and none was given; WRONGPASS (Redis 6+) and
  // "ERR invalid password" (older servers): the given one is wrong.
  return text.starts_with("NOAUTH") || text.starts_with("WRONGPASS") ||
         text.starts_with("ERR invalid password") || text.starts_with("ERR AUTH");
}

std::string fix_for_refusal(std::string_view text) {
  if (text.starts_with("OOM")) {
    return "let the server evict old objects (maxmemory-policy allkeys-lru) or raise maxmemory";
  }
  if (text.starts_with("READONLY")) {
    return "point TDM_REMOTE_STORAGE at the primary, or mark this replica `|read-only`";
  }
  return "see the Redis server's log and configuration";
}

}  // namespace

Error store_error(const StoreLocation& location, ExitCode code, const std::string& problem,
                  const std::string& fix) {
  return Error(code, "remote store " + location.shown + ": " + problem, fix);
}

std::string_view reply_text(const redisReply& reply) {
  bool has_text = reply.type == REDIS_REPLY_STRING || reply.type == REDIS_REPLY_STATUS ||
                  reply.type == REDIS_REPLY_ERROR;
  return has_text ? std::string_view(reply.str, reply.len) : std::string_view();
}

RedisConnection::RedisConnection(const StoreLocation& location, const BackendSettings& settings)
    : location_(location), timeout_(settings.timeout) {
  std::string host = location.host.empty() ? "127.0.0.1" : location.host;
  int port = location.port == 0 ? kDefaultPort : location.port;
  context_.reset(redisConnectWithTimeout(host.c_str(), port, to_timeval(timeout_)));
  if (!context_) {
    throw store_error(location_, ExitCode::kServer, "cannot allocate a connection", "");
  }
  if (context_->err != 0) fail_io("cannot connect", errno);
  if (redisSetTimeout(context_.get(), to_timeval(timeout_)) != REDIS_OK) {
    fail_io("cannot set the timeout", errno);
  }
  if (!settings.redis_password.empty()) authenticate(settings.redis_password);
}

void RedisConnection::authenticate(const std::string& password) {
  ArgumentVector argv(std::vector<std::string_view>{"AUTH", password});
  Reply reply(static_cast<redisReply*>(
      redisCommandArgv(context_.get(), argv.count(), argv.pointers.data(), argv.lengths.data())));
  if (!reply) fail_io("no answer to AUTH", errno);
  // The server's answer is not shown: what it echoes is not ours to vouch for.
  if (reply->type == REDIS_REPLY_ERROR) {
    throw store_error(location_, ExitCode::kServer, "authentication failed",
                      "set TDM_REDIS_PASSWORD to the server's password (requirepass)");
  }
}

Reply RedisConnection::command(std::initializer_list<std::string_view> arguments) {
  return command(std::vector<std::string_view>(arguments));
}

Reply RedisConnection::command(const std::vector<std::string_view>& arguments) {
  ArgumentVector argv(arguments);
  Reply reply(static_cast<redisReply*>(
      redisCommandArgv(context_.get(), argv.count(), argv.pointers.data(), argv.lengths.data())));
  if (!reply) fail_io("no answer to " + std::string(arguments.front()), errno);
  return checked(std::move(reply));
}

void RedisConnection::append(std::initializer_list<std::string_view> arguments) {
  ArgumentVector argv(arguments);
  // The command is copied into the context's output buffer: the arguments may be reused.
  if (redisAppendCommandArgv(context_.get(), argv.count(), argv.pointers.data(),
                             argv.lengths.data()) != REDIS_OK) {
    fail_io("cannot queue a command", errno);
  }
}

Reply RedisConnection::next_reply() {
  void* raw = nullptr;
  if (redisGetReply(context_.get(), &raw) != REDIS_OK) fail_io("no answer", errno);
  return checked(Reply(static_cast<redisReply*>(raw)));
}

Reply RedisConnection::checked(Reply reply) {
  if (reply->type != REDIS_REPLY_ERROR) return reply;
  std::string text(reply_text(*reply));
  if (is_authentication_error(text)) {
    throw store_error(location_, ExitCode::kServer, "authentication failed",
                      "set TDM_REDIS_PASSWORD to the server's password (requirepass)");
  }
  throw store_error(location_, ExitCode::kServer, "the server refused a command: " + text,
                    fix_for_refusal(text));
}

void RedisConnection::fail_io(const std::string& doing, int saved_errno) {
  bool timed_out =
      context_->err == REDIS_ERR_IO && (saved_errno == EAGAIN || saved_errno == EWOULDBLOCK ||
                                        saved_errno == ETIMEDOUT || saved_errno == EINPROGRESS);
  std::string problem =
      timed_out ? doing + ": no answer within " + std::to_string(timeout_.count()) + " ms"
                : doing + ": " + context_->errstr;
  throw store_error(location_, ExitCode::kServer, problem, kUnreachableFix);
}

}  // namespace tdm::storage::redis
