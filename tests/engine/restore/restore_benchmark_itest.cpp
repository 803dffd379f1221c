#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "connection/connection.hpp"
#include "core/stopwatch.hpp"
#include "engine/capture.hpp"
#include "engine/database_fingerprint.hpp"
#include "engine/restore.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;

// A figure, not an assertion: capture and restore against mariadb-dump + mariadb on the same
// generated data. Runs only when TDM_ENGINE_BENCHMARK_MB names the data size, e.g.
//   TDM_ENGINE_BENCHMARK_MB=10 build/dev/tests/engine_itests --gtest_filter='RestoreBenchmark*'

// Organisations, users and events with UUIDs, JSON, foreign keys and secondary indexes;
// about 200 bytes a row, so 5000 rows a megabyte.
void generate(Connection& connection, unsigned megabytes) {
  unsigned rows = megabytes * 5000;
  std::string organisations = std::to_string(rows / 100);
  std::string users = std::to_string(rows * 3 / 10);
  std::string events = std::to_string(rows * 7 / 10);
  for (const std::string& statement : {
           std::string("CREATE TABLE organizations (id INT AUTO_INCREMENT PRIMARY KEY,"
                       " uuid CHAR(36) NOT NULL UNIQUE, name VARCHAR(100) NOT NULL,"
                       " settings JSON, created_at DATETIME(6) NOT NULL)"),
           std::string("CREATE TABLE users (id INT AUTO_INCREMENT PRIMARY KEY,"
                       " organization_id INT NOT NULL, uuid UUID NOT NULL UNIQUE,"
                       " email VARCHAR(190) NOT NULL UNIQUE, name VARCHAR(100) NOT NULL,"
                       " profile JSON, created_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP,"
                       " KEY (name), FOREIGN KEY (organization_id) REFERENCES organizations (id))"),
           std::string("CREATE TABLE events (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
                       " user_id INT NOT NULL, kind ENUM('login','logout','purchase','view'),"
                       " payload JSON, amount DECIMAL(12,2), happened_at DATETIME(6) NOT NULL,"
                       " KEY (happened_at), FOREIGN KEY (user_id) REFERENCES users (id))"),
           "INSERT INTO organizations (uuid, name, settings, created_at) SELECT UUID(),"
           " CONCAT('Organisation ', seq), JSON_OBJECT('plan', 'pro', 'seats', seq % 50,"
           " 'region', ELT(1 + seq % 3, 'eu', 'us', 'ap')), NOW(6) - INTERVAL seq MINUTE"
           " FROM seq_1_to_" +
               organisations,
           "INSERT INTO users (organization_id, uuid, email, name, profile) SELECT"
           " 1 + seq % " +
               organisations +
               ", UUID(), CONCAT('user', seq, '@example.test'),"
               " CONCAT('User ', seq, ' Ñámé'), JSON_OBJECT('locale', 'en', 'tags',"
               " JSON_ARRAY('a', 'b', seq % 7), 'bio', REPEAT('x', seq % 40)) FROM seq_1_to_" +
               users,
           "INSERT INTO events (user_id, kind, payload, amount, happened_at) SELECT"
           " 1 + seq % " +
               users +
               ", ELT(1 + seq % 4, 'login','logout','purchase','view'),"
               " JSON_OBJECT('ip', CONCAT('10.0.', seq % 255, '.', seq % 199), 'agent',"
               " 'Mozilla/5.0 (X11; Linux x86_64)', 'n', seq), (seq % 10000) / 100,"
               " NOW(6) - INTERVAL seq SECOND FROM seq_1_to_" +
               events,
       }) {
    connection.execute(statement);
  }
}

void run(const std::string& command) {
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

TEST(RestoreBenchmark, AgainstMariadbDump) {
  const char* size = std::getenv("TDM_ENGINE_BENCHMARK_MB");
  if (!size) GTEST_SKIP() << "set TDM_ENGINE_BENCHMARK_MB to run";
  unsigned megabytes = static_cast<unsigned>(std::stoul(size));
  const ConnectionParams& server = testing::test_server();
  Connection connection(server);
  std::string source = testing::fresh_database(connection, "source");
  std::string copy = testing::fresh_database(connection, "copy");
  std::string dumped = testing::fresh_database(connection, "dumped");
  {
    Connection filler(server.with_database(source));
    generate(filler, megabytes);
  }
  fs::path dir = testing::temporary_directory();
  fs::path payload = dir / "bench.tdm";
  fs::path sql = dir / "bench.sql";
  std::string client_options = "--no-defaults -uroot -S " + server.socket;

  CaptureStats captured;
  double capture = seconds_of([&] { captured = capture_database(server, source, payload); });
  RestoreRequest request{payload, captured.payload_sha256, copy, "bench", "bench", 2};
  RestoreStats first;
  double restore_first = seconds_of([&] { first = restore_database(server, request, {}); });
  RestoreStats restored;
  double restore = seconds_of([&] { restored = restore_database(server, request, {}); });
  EXPECT_EQ(testing::database_fingerprint(connection, copy),
            testing::database_fingerprint(connection, source));
  request.tablespace_copies = false;
  double restore_rows = seconds_of([&] { restore_database(server, request, {}); });
  request.threads = 1;
  double restore_rows_one = seconds_of([&] { restore_database(server, request, {}); });
  double dump = seconds_of([&] {
    run("mariadb-dump " + client_options + " --single-transaction " + source + " > " +
        sql.string());
  });
  double load =
      seconds_of([&] { run("mariadb " + client_options + " " + dumped + " < " + sql.string()); });

  std::printf(
      "\n%u MB requested: %llu rows; payload %.1f MB, dump %.1f MB\n"
      "  tdm capture                       %6.2f s\n"
      "  tdm restore, builds the cache     %6.2f s                  x%.1f\n"
      "  tdm restore, %zu cached copies     %6.2f s  (verify %.3f s)  x%.1f\n"
      "  tdm restore, rows, 2 threads      %6.2f s                  x%.1f\n"
      "  tdm restore, rows, 1 thread       %6.2f s                  x%.1f\n"
      "  mariadb-dump > f.sql              %6.2f s\n"
      "  mariadb < f.sql                   %6.2f s  (the x1.0 of the speed-ups)\n",
      megabytes, static_cast<unsigned long long>(restored.rows),
      static_cast<double>(captured.payload_bytes) / 1e6,
      static_cast<double>(fs::file_size(sql)) / 1e6, capture, restore_first, load / restore_first,
      restored.tablespaces_imported(), restore, restored.verify_seconds, load / restore,
      restore_rows, load / restore_rows, restore_rows_one, load / restore_rows_one, dump, load);
  for (const std::string& database : {source, copy, dumped}) {
    connection.execute("DROP DATABASE " + Connection::quote_identifier(database));
  }
}

}  // namespace
}  // namespace tdm
