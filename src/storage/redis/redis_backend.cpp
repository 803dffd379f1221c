#include "storage/redis/redis_backend.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <type_traits>

#include "storage/redis/redis_connection.hpp"
#include "storage/redis/redis_object.hpp"

namespace tdm::storage {

namespace {

namespace fs = std::filesystem;
using redis::RedisConnection;
using redis::Reply;
using redis::store_error;

// Parts sent or requested before the first answer is awaited: the server works while the next
// part is read from disk, and at most this many parts are buffered in memory.
constexpr std::uint64_t kPartsInFlight = 8;
// Parts expire until their header commits them, so a writer that dies mid-upload leaves no
// garbage for ever; an upload that takes longer than this fails at the commit.
constexpr std::chrono::milliseconds kUncommittedPartTtl = std::chrono::hours(1);
// The parts of an object that a new write replaced expire this long after it, not at once: a
// reader that began before the replacement can still finish.
constexpr std::chrono::milliseconds kReplacedPartGrace = std::chrono::minutes(10);

// Lua shared by the scripts below: the parts named by a header value, expired after `grace` ms
// (0: deleted now). A value that is no header (a lease) has no parts.
constexpr char kRetirePartsLua[] = R"lua(
local function part_key(write_id, i) return KEYS[1] .. ':part:' .. write_id .. ':' .. i end
local function retire_parts(header, grace, except_write_id)
  if not header then return end
  local write_id, count = string.match(header, '^tdm%-redis%-object 1 (%x+) (%d+) %d+$')
  if not write_id or write_id == except_write_id then return end
  for i = 0, tonumber(count) - 1 do
    if grace > 0 then redis.call('PEXPIRE', part_key(write_id, i), grace)
    else redis.call('DEL', part_key(write_id, i)) end
  end
end
)lua";

// The commit point of a put, atomic on the server: if every part of this write is still there,
// keep them for good, set the header to name them, and retire the parts it replaced. Returns 0
// (nothing changed) when a part is gone. ARGV: header, write id, part count, grace in ms.
// (The part keys are derived from KEYS[1], so this suits one Redis server, not Redis Cluster.)
constexpr char kCommitLua[] = R"lua(
local count = tonumber(ARGV[3])
for i = 0, count - 1 do
  if redis.call('EXISTS', part_key(ARGV[2], i)) == 0 then return 0 end
end
for i = 0, count - 1 do redis.call('PERSIST', part_key(ARGV[2], i)) end
local replaced = redis.call('GET', KEYS[1])
redis.call('SET', KEYS[1], ARGV[1])
retire_parts(replaced, tonumber(ARGV[4]), ARGV[2])
return 1
)lua";

constexpr char kRemoveLua[] = R"lua(
local header = redis.call('GET', KEYS[1])
redis.call('DEL', KEYS[1])
retire_parts(header, 0, nil)
return 1
)lua";

// Deletes a lease only while it still holds the caller's owner string: between a GET and a DEL
// sent apart, the lease could expire and be taken by another.
constexpr char kReleaseLua[] = R"lua(
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
)lua";

class RedisBackend final : public Backend {
 public:
  RedisBackend(StoreLocation location, BackendSettings settings)
      : location_(std::move(location)),
        settings_(std::move(settings)),
        namespace_(redis::key_namespace(location_.path)) {}

  const StoreLocation& location() const override { return location_; }

  bool get(const std::string& key, const fs::path& destination) override {
    return with_connection([&](RedisConnection& connection) {
      std::optional<redis::ObjectHeader> header = read_header(connection, key);
      if (!header) return false;
      try {
        download_parts(connection, key, *header, destination);
      } catch (...) {  // any failure: no partial file may look like a fetched object
        std::error_code ignored;
        fs::remove(destination, ignored);
        throw;
      }
      return true;
    });
  }

  bool exists(const std::string& key) override {
    return with_connection([&](RedisConnection& connection) {
      return connection.command({"EXISTS", redis_key(key)})->integer > 0;
    });
  }

  void put(const std::string& key, const fs::path& source) override {
    refuse_if_read_only("store " + key);
    std::ifstream input(source, std::ios::binary);
    if (!input) {
      throw Error(ExitCode::kInvalidInput, "cannot read " + source.string() + " to upload it",
                  "check that the file exists and is readable");
    }
    with_connection([&](RedisConnection& connection) {
      redis::ObjectHeader header{redis::new_write_id(), 0, 0};
      upload_parts(connection, input, source, key, header);
      commit(connection, key, header);
    });
  }

  void remove(const std::string& key) override {
    refuse_if_read_only("remove " + key);
    with_connection(
        [&](RedisConnection& connection) { evaluate(connection, kRemoveLua, key, {}); });
  }

  std::vector<std::string> list(const std::string& prefix) override {
    return with_connection([&](RedisConnection& connection) { return scan(connection, prefix); });
  }

  LeaseOutcome try_lease(const std::string& key, const std::string& owner,
                         std::chrono::milliseconds ttl) override {
    refuse_if_read_only("take the lease " + key);
    std::string milliseconds = std::to_string(std::max<std::int64_t>(ttl.count(), 1));
    return with_connection([&](RedisConnection& connection) {
      Reply reply = connection.command({"SET", redis_key(key), owner, "NX", "PX", milliseconds});
      return reply->type == REDIS_REPLY_NIL ? LeaseOutcome::kHeldByOther : LeaseOutcome::kAcquired;
    });
  }

  void release_lease(const std::string& key, const std::string& owner) override {
    if (location_.read_only) return;  // try_lease refused there: no lease of ours to release
    with_connection([&](RedisConnection& connection) {
      connection.command({"EVAL", kReleaseLua, "1", redis_key(key), owner});
    });
  }

  bool guarantees_single_owner() const override { return true; }

 private:
  // Runs `operation` on the session, opened on first use. After a failure the session is
  // dropped (the next call opens a new one): a pipeline that failed half-way leaves replies
  // unread, and after an I/O error hiredis refuses the context.
  template <typename Operation>
  std::invoke_result_t<Operation, RedisConnection&> with_connection(Operation operation) {
    if (!connection_) connection_ = std::make_unique<RedisConnection>(location_, settings_);
    try {
      return operation(*connection_);
    } catch (...) {  // broad on purpose: nothing is swallowed, the error goes on as it was
      connection_.reset();
      throw;
    }
  }

  std::string redis_key(const std::string& key) const { return namespace_ + key; }

  void refuse_if_read_only(const std::string& what) const {
    if (!location_.read_only) return;
    throw store_error(location_, ExitCode::kInvalidInput, "is read-only: cannot " + what,
                      "drop `|read-only` from its entry in TDM_REMOTE_STORAGE to write to it");
  }

  Reply evaluate(RedisConnection& connection, const std::string& script, const std::string& key,
                 std::initializer_list<std::string_view> arguments) {
    std::string source = std::string(kRetirePartsLua) + script;
    std::string header_key = redis_key(key);
    std::vector<std::string_view> command{"EVAL", source, "1", header_key};
    command.insert(command.end(), arguments.begin(), arguments.end());
    return connection.command(command);
  }

  std::optional<redis::ObjectHeader> read_header(RedisConnection& connection,
                                                 const std::string& key) {
    Reply reply = connection.command({"GET", redis_key(key)});
    if (reply->type == REDIS_REPLY_NIL) return std::nullopt;
    std::optional<redis::ObjectHeader> header = redis::parse_header(redis::reply_text(*reply));
    if (!header) {
      throw store_error(location_, ExitCode::kSnapshot,
                        "key " + redis_key(key) + " holds no object stored by tdm",
                        "remove that key, or give tdm its own prefix (redis://host/prefix)");
    }
    return header;
  }

  void upload_parts(RedisConnection& connection, std::ifstream& input, const fs::path& source,
                    const std::string& key, redis::ObjectHeader& header) {
    std::string header_key = redis_key(key);
    std::string ttl = std::to_string(kUncommittedPartTtl.count());
    std::string buffer(redis::kPartSize, '\0');
    std::uint64_t unanswered = 0;
    for (bool more = true; more;) {
      input.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
      auto length = static_cast<std::size_t>(input.gcount());
      if (input.bad()) {
        throw Error(ExitCode::kInvalidInput, "cannot read " + source.string() + " to upload it",
                    "check the disk and the file");
      }
      more = length == buffer.size();
      if (length == 0) break;
      connection.append({"SET", redis::part_key(header_key, header.write_id, header.parts),
                         std::string_view(buffer.data(), length), "PX", ttl});
      ++header.parts;
      header.size += length;
      if (++unanswered == kPartsInFlight) {
        connection.next_reply();
        --unanswered;
      }
    }
    for (; unanswered > 0; --unanswered) connection.next_reply();
  }

  void commit(RedisConnection& connection, const std::string& key,
              const redis::ObjectHeader& header) {
    Reply reply =
        evaluate(connection, kCommitLua, key,
                 {redis::format_header(header), header.write_id, std::to_string(header.parts),
                  std::to_string(kReplacedPartGrace.count())});
    if (reply->type == REDIS_REPLY_INTEGER && reply->integer == 1) return;
    throw store_error(
        location_, ExitCode::kServer,
        "the upload of " + key + " lost parts before it was complete (evicted, or slower than " +
            std::to_string(
                std::chrono::duration_cast<std::chrono::minutes>(kUncommittedPartTtl).count()) +
            " min)",
        "give the Redis server more memory (maxmemory), then upload again");
  }

  void download_parts(RedisConnection& connection, const std::string& key,
                      const redis::ObjectHeader& header, const fs::path& destination) {
    std::ofstream output(destination, std::ios::binary | std::ios::trunc);
    if (!output) {
      throw Error(ExitCode::kInvalidInput, "cannot write " + destination.string(),
                  "check that its directory exists and is writable");
    }
    std::string header_key = redis_key(key);
    std::uint64_t requested = 0;
    auto request_next = [&] {
      connection.append({"GET", redis::part_key(header_key, header.write_id, requested++)});
    };
    while (requested < std::min(header.parts, kPartsInFlight)) request_next();
    std::uint64_t received_bytes = 0;
    for (std::uint64_t index = 0; index < header.parts; ++index) {
      Reply part = connection.next_reply();
      if (part->type != REDIS_REPLY_STRING) throw incomplete(key, header, index);
      if (requested < header.parts) request_next();
      output.write(part->str, static_cast<std::streamsize>(part->len));
      received_bytes += part->len;
    }
    output.close();
    if (!output) {
      throw Error(ExitCode::kInvalidInput, "cannot write " + destination.string(),
                  "check the free space of its file system");
    }
    if (received_bytes != header.size) throw incomplete(key, header, header.parts);
  }

  Error incomplete(const std::string& key, const redis::ObjectHeader& header,
                   std::uint64_t missing_part) const {
    std::string which =
        missing_part < header.parts
            ? "part " + std::to_string(missing_part + 1) + " of " + std::to_string(header.parts) +
                  " is missing"
            : "its parts do not add up to its " + std::to_string(header.size) + " bytes";
    return store_error(location_, ExitCode::kSnapshot,
                       "object " + key + " is incomplete on the store (" + which + ")",
                       "the store evicted or replaced part of it (maxmemory); the next upload "
                       "of " +
                           key + " replaces it");
  }

  std::vector<std::string> scan(RedisConnection& connection, const std::string& prefix) {
    std::string pattern = redis::glob_escaped(redis_key(prefix)) + "*";
    std::set<std::string> keys;  // SCAN may return a key more than once
    std::string cursor = "0";
    do {
      Reply reply = connection.command({"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"});
      if (reply->type != REDIS_REPLY_ARRAY || reply->elements != 2 ||
          reply->element[1]->type != REDIS_REPLY_ARRAY) {
        throw store_error(location_, ExitCode::kServer, "unexpected answer to SCAN",
                          "check that the server speaks Redis 2.8 or later");
      }
      cursor = redis::reply_text(*reply->element[0]);
      const redisReply& batch = *reply->element[1];
      for (std::size_t i = 0; i < batch.elements; ++i) {
        std::string_view found = redis::reply_text(*batch.element[i]);
        if (!redis::is_part_key(found)) keys.emplace(found.substr(namespace_.size()));
      }
    } while (cursor != "0");
    return {keys.begin(), keys.end()};
  }

  StoreLocation location_;
  BackendSettings settings_;
  std::string namespace_;
  std::unique_ptr<RedisConnection> connection_;
};

}  // namespace

std::unique_ptr<Backend> make_redis_backend(const StoreLocation& location,
                                            const BackendSettings& settings) {
  if (location.scheme == "rediss") {
    throw store_error(location, ExitCode::kInvalidInput,
                      "rediss:// (TLS) is not supported: this build's hiredis (0.14) has no TLS",
                      "use redis:// on a trusted network, or reach the server through a TLS tunnel "
                      "(stunnel, spiped) listening on localhost");
  }
  if (location.scheme != "redis") {
    throw store_error(location, ExitCode::kInternal, "is not a redis:// URL",
                      "report this as a bug of tdm");
  }
  return std::make_unique<RedisBackend>(location, settings);
}

}  // namespace tdm::storage
