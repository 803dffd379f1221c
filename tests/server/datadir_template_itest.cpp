#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <stdexcept>
#include <vector>

#include "connection/connection.hpp"
#include "core/files.hpp"
#include "server/datadir_template.hpp"
#include "server/embedded_server.hpp"
#include "support/test_server.hpp"

namespace tdm {
namespace {

namespace fs = std::filesystem;

// Servers on fresh directories with a private template cache (never the user's), stopped
// at the end. Every test pays for one mariadb-install-db (~1 s), so they are few.
class DatadirTemplateServer : public ::testing::Test {
 protected:
  void TearDown() override {
    for (const fs::path& dir : started_) {
      if (EmbeddedServer::status(dir).running) EmbeddedServer::stop(dir);
    }
  }

  ServerStartReport start(const std::string& name) {
    fs::path dir = root / name;
    started_.push_back(dir);
    return EmbeddedServer::start({.dir = dir, .template_cache = cache});
  }

  testing::CommandResult run_tdm_start(const std::string& name,
                                       const std::map<std::string, std::string>& environment) {
    started_.push_back(root / name);
    return testing::run_tdm({"server", "start", "--dir", (root / name).string()}, environment);
  }

  DatadirTemplate the_template() const {
    auto found = EmbeddedServer::datadir_template(cache, root);
    if (!found) throw std::runtime_error("mariadbd --version failed");
    return *found;
  }

  // A "template" that would fail the start if it were used.
  void write_garbage_template(const fs::path& directory, bool with_manifest) const {
    fs::create_directories(directory / "data" / "mysql");
    std::ofstream(directory / "data" / "ibdata1") << "not a tablespace";
    if (with_manifest) std::ofstream(directory / "manifest") << "garbage\n";
  }

  // What the server's datadir log says after the start, for failure messages.
  std::string log_of(const std::string& name) const {
    fs::path log = root / name / "mysqld.log";
    return fs::exists(log) ? read_file(log) : "";
  }

  fs::path root = testing::temporary_directory();
  fs::path cache = root / "datadir";  // where TDM_CACHE_DIR=root puts it

 private:
  std::vector<fs::path> started_;
};

TEST_F(DatadirTemplateServer, TheFirstStartCachesTheDatadirTheNextCopiesIt) {
  ServerStartReport first = start("a");
  EXPECT_TRUE(first.initialised_now);
  EXPECT_FALSE(first.from_template);
  DatadirTemplate cached = the_template();
  ASSERT_TRUE(cached.complete()) << "no manifest in " << cached.directory();
  // Pristine: cached before the server ran on it, without tdm's own marker.
  EXPECT_FALSE(fs::exists(cached.directory() / "data" / ".tdm-initialised"));
  EXPECT_FALSE(fs::exists(cached.directory() / "data" / "binlog.index"));

  ServerStartReport second = start("b");
  EXPECT_TRUE(second.initialised_now);
  EXPECT_TRUE(second.from_template);
  Connection connection(second.connection);
  EXPECT_EQ(connection.scalar("SELECT 1"), "1");
  connection.execute("CREATE DATABASE copied_test");
  connection.execute("CREATE TABLE copied_test.t (id INT PRIMARY KEY) ENGINE=InnoDB");
  connection.execute("INSERT INTO copied_test.t VALUES (1), (2)");
  EXPECT_EQ(connection.scalar("SELECT COUNT(*) FROM copied_test.t"), "2");
  EXPECT_EQ(connection.scalar("SELECT COUNT(*) FROM mysql.global_priv WHERE User = 'root'"),
            Connection(first.connection)
                .scalar("SELECT COUNT(*) FROM mysql.global_priv WHERE User = 'root'"));
  EXPECT_EQ(log_of("b").find("[ERROR]"), std::string::npos) << log_of("b");

  // A restart reuses its datadir, as before.
  EmbeddedServer::stop(root / "b");
  ServerStartReport restart = start("b");
  EXPECT_FALSE(restart.initialised_now);
  EXPECT_FALSE(restart.from_template);
  EXPECT_EQ(Connection(restart.connection).scalar("SHOW DATABASES LIKE 'copied_test'"),
            "copied_test");
}

TEST_F(DatadirTemplateServer, ATemplateWithoutManifestIsIgnored) {
  DatadirTemplate cached = the_template();
  write_garbage_template(cached.directory(), /*with_manifest=*/false);

  ServerStartReport report = start("a");
  EXPECT_FALSE(report.from_template);
  EXPECT_EQ(Connection(report.connection).scalar("SELECT 1"), "1");
  // Left alone: tdm never writes into an existing template directory.
  EXPECT_FALSE(cached.complete());
}

TEST_F(DatadirTemplateServer, ATemplateOfAnotherServerVersionIsNotUsed) {
  DatadirTemplate cached = the_template();
  DatadirTemplate other_version(cache, "mariadbd  Ver 99.9.9-MariaDB", {});
  write_garbage_template(other_version.directory(), /*with_manifest=*/true);

  ServerStartReport report = start("a");
  EXPECT_FALSE(report.from_template);
  EXPECT_EQ(Connection(report.connection).scalar("SELECT 1"), "1");
  EXPECT_TRUE(cached.complete()) << "the start did not cache its own datadir";
}

TEST_F(DatadirTemplateServer, ATemplateThatCannotBeCopiedFallsBackToInstallDb) {
  DatadirTemplate cached = the_template();
  write_garbage_template(cached.directory(), /*with_manifest=*/true);
  ASSERT_EQ(::mkfifo((cached.directory() / "data" / "zz-fifo").c_str(), 0600), 0);

  ServerStartReport report = start("a");
  EXPECT_FALSE(report.from_template);
  EXPECT_EQ(Connection(report.connection).scalar("SELECT 1"), "1");
}

TEST_F(DatadirTemplateServer, TdmServerStartSaysWhereTheDatadirCameFrom) {
  std::map<std::string, std::string> environment = {{"TDM_CACHE_DIR", root.string()}};
  testing::CommandResult filling = run_tdm_start("a", environment);
  ASSERT_EQ(filling.exit_code, 0) << filling.err;
  EXPECT_NE(filling.err.find("initialised (mariadb-install-db) in"), std::string::npos)
      << filling.err;
  // TDM_CACHE_DIR/datadir is the cache.
  EXPECT_TRUE(the_template().complete());

  testing::CommandResult copied = run_tdm_start("b", environment);
  ASSERT_EQ(copied.exit_code, 0) << copied.err;
  EXPECT_NE(copied.err.find("initialised from the cached datadir in"), std::string::npos)
      << copied.err;
}

TEST_F(DatadirTemplateServer, TdmDatadirCacheZeroNeitherReadsNorWritesTheCache) {
  std::map<std::string, std::string> environment = {{"TDM_CACHE_DIR", root.string()},
                                                    {"TDM_DATADIR_CACHE", "0"}};
  testing::CommandResult empty = run_tdm_start("a", environment);
  ASSERT_EQ(empty.exit_code, 0) << empty.err;
  EXPECT_FALSE(fs::exists(cache)) << "TDM_DATADIR_CACHE=0 wrote the cache";

  // Were it read, this template would be copied and the server fail to start.
  write_garbage_template(the_template().directory(), /*with_manifest=*/true);
  testing::CommandResult bypassed = run_tdm_start("b", environment);
  ASSERT_EQ(bypassed.exit_code, 0) << bypassed.err << log_of("b");
  EXPECT_NE(bypassed.err.find("initialised (mariadb-install-db) in"), std::string::npos)
      << bypassed.err;
}

}  // namespace
}  // namespace tdm
