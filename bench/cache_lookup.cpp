// What checking a tablespace cache entry costs a restore: the stat of every file (the usual
// case), a hash of every file (after the files were touched or copied, or `snapshot verify`),
// and, for comparison, the size check alone that restores made before files were stamped.
//
//   cmake --build --preset dev --target tdm_bench_cache_lookup
//   build/dev/bench/tdm_bench_cache_lookup [tables] [MiB per table] [rounds]
//
// Prints one Markdown table row per path: median and fastest wall time of the rounds, and the
// median CPU time of this process (what the check costs when the machine is shared).
#include <unistd.h>

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/files.hpp"
#include "core/stopwatch.hpp"
#include "snapshot/tablespace_cache.hpp"

namespace fs = std::filesystem;

namespace {

void write_random(const fs::path& path, std::size_t bytes, std::mt19937_64& random) {
  std::vector<std::uint64_t> words(bytes / sizeof(std::uint64_t));
  for (auto& word : words) word = random();
  std::ofstream(path, std::ios::binary)
      .write(reinterpret_cast<const char*>(words.data()),
             static_cast<std::streamsize>(words.size() * sizeof(std::uint64_t)));
}

double cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

// The look restores took before files were stamped: the manifest read and parsed, then the
// size of each .ibd and the presence of each .cfg.
bool sizes_only(const tdm::TablespaceCacheEntry& entry) {
  auto manifest = nlohmann::json::parse(tdm::read_file(entry.directory / "manifest.json"));
  if (!manifest.contains("tables")) return false;
  for (const tdm::CachedTablespace& copy : entry.tablespaces) {
    std::error_code error;
    if (fs::file_size(copy.ibd.path, error) != copy.bytes() || error ||
        !fs::is_regular_file(copy.cfg.path, error)) {
      return false;
    }
  }
  return true;
}

template <typename Step>
void time_rounds(const char* path, std::size_t tables, double mib, int rounds, Step step) {
  std::vector<double> seconds, cpu;
  for (int round = 0; round < rounds; ++round) {
    double cpu_start = cpu_seconds();
    tdm::Stopwatch watch;
    if (!step()) {
      std::fprintf(stderr, "%s: the entry was not accepted\n", path);
      std::exit(1);
    }
    seconds.push_back(watch.seconds());
    cpu.push_back(cpu_seconds() - cpu_start);
  }
  std::sort(seconds.begin(), seconds.end());
  std::sort(cpu.begin(), cpu.end());
  std::printf("| %zu x %.1f MiB | %s | %.3f | %.3f | %.3f |\n", tables, mib, path,
              seconds[seconds.size() / 2] * 1000, seconds.front() * 1000,
              cpu[cpu.size() / 2] * 1000);
}

}  // namespace

int main(int argc, char** argv) {
  const std::size_t tables = argc > 1 ? std::stoul(argv[1]) : 8;
  const double mib = argc > 2 ? std::stod(argv[2]) : 2;
  const int rounds = argc > 3 ? std::stoi(argv[3]) : 21;
  const fs::path dir =
      fs::temp_directory_path() / ("tdm-cache-lookup-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const fs::path payload = dir / "bench-1.0.0-000000000000.000000000000.tdm";
  std::ofstream(payload) << "payload";
  const std::string digest(64, 'c'), version = "bench";

  std::mt19937_64 random(42);
  {
    tdm::TablespaceCacheWriter writer(payload, digest, version);
    for (std::size_t table = 0; table < tables; ++table) {
      std::string name = "t" + std::to_string(table);
      write_random(dir / (name + ".ibd"), static_cast<std::size_t>(mib * 1024 * 1024), random);
      write_random(dir / (name + ".cfg"), 1024, random);
      writer.add(name, dir / (name + ".ibd"), dir / (name + ".cfg"));
    }
    writer.commit(std::string(64, 'e'), tdm::stamp_of(payload));
  }
  auto entry = tdm::find_tablespace_cache(payload, digest, version).entry;
  if (!entry) return 1;

  std::printf(
      "| entry | path | median ms | min ms | CPU ms (median) |\n|---|---|---:|---:|---:|\n");
  time_rounds("sizes only (before)", tables, mib, rounds, [&] { return sizes_only(*entry); });
  time_rounds("stat every file (restore, stamps unchanged)", tables, mib, rounds, [&] {
    return tdm::find_tablespace_cache(payload, digest, version).entry.has_value();
  });
  time_rounds("hash every file (snapshot verify; a restore after the files changed stamp)", tables,
              mib, rounds,
              [&] { return tdm::check_tablespace_cache(payload, std::string(64, 'e')).empty(); });
  fs::remove_all(dir);
  return 0;
}
