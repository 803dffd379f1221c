#include "cli/fixture_options.hpp"

#include <filesystem>

#include "core/error.hpp"
#include "seed/replay_seed.hpp"
#include "seed/seed_timeout.hpp"
#include "snapshot/selector.hpp"

namespace tdm::cli {

void add_snapshot_identity_options(CLI::App& verb, FixtureSpec& spec) {
  verb.add_option("--name", spec.name, "Fixture (snapshot) name, e.g. app")->required();
  verb.add_option("--version", spec.version, "Version of the data set (semver), part of the name");
  verb.add_option("--dir", spec.snapshot_dir, "Snapshot directory (default: ./snapshots)");
}

void add_tier_option(CLI::App& verb, TierFlags& flags) {
  verb.add_option("--tier", flags.tier,
                  "The tier, e.g. realistic (with --tiers: wins over $TDM_TIER; build rules pass "
                  "it so that the environment cannot change what they build)");
}

void add_tier_options(CLI::App& verb, TierFlags& flags) {
  verb.add_option("--tiers", flags.tiers,
                  "The fixture's tiers, e.g. minimal realistic performance: each is a snapshot of "
                  "its own, seeded with TDM_TIER=<tier>");
  verb.add_option("--default-tier", flags.default_tier,
                  "The tier used when neither --tier nor $TDM_TIER names one (default: the first)");
  add_tier_option(verb, flags);
}

void add_input_options(CLI::App& verb, FixtureSpec& spec) {
  verb.add_option("--inputs", spec.inputs,
                  "Migrations, seeders, factories (files, dirs, globs): their content is hashed");
  verb.add_option("--base", spec.base, "Directory the inputs are relative to (default: cwd)");
}

void add_seed_options(CLI::App& verb, FixtureSpec& spec, SeedFlags& flags) {
  verb.add_option("--sql-dir", spec.sql_dirs,
                  "Seed from the *.sql files of this directory (lexical order; repeatable)");
  verb.add_option("--working-directory", spec.working_directory,
                  "Where the seed command runs (default: cwd)");
  verb.add_option("--seed-timeout", flags.timeout,
                  "End the seed command, and all it started, after this long: 90s, 30m, 2h "
                  "(default: $TDM_SEED_TIMEOUT or 1h; 0: no limit)")
      ->type_name("DURATION");
  verb.add_option("--seed", flags.replay_seed,
                  "TDM_SEED for the seed command's random generators, recorded in the snapshot "
                  "(default: $TDM_SEED, else a number fixed per fixture name)")
      ->type_name("N");
  verb.add_option("--entities", spec.entities,
                  "Entity maps for tests as table:key[:value] (value default id), e.g. "
                  "organizations:slug");
  verb.add_option("command", spec.seed_command,
                  "Seed command after --, run with TDM_DATABASE, TDM_DB_* and DATABASE_URL set");
}

void add_policy_options(CLI::App& verb, PolicyFlags& flags) {
  verb.add_option("--mode", flags.mode, "AUTO, DYNAMIC or SNAPSHOT (default: $TDM_MODE or AUTO)");
  verb.add_option("--max-age", flags.max_age,
                  "AUTO re-seeds snapshots older than this, e.g. 7d, 12h (default: $TDM_MAX_AGE "
                  "or 7d)");
  verb.add_flag_callback(
      "--capture", [&flags] { flags.capture = true; },
      "Capture a snapshot after seeding (default in AUTO; $TDM_CAPTURE)");
  verb.add_flag_callback(
      "--no-capture", [&flags] { flags.capture = false; }, "Do not capture after seeding");
  verb.add_flag_callback(
      "--capture-on-success", [&flags] { flags.capture_on_success = true; },
      "Teardown captures when every test passed ($TDM_CAPTURE_ON_SUCCESS)");
  verb.add_flag_callback(
      "--strict", [&flags] { flags.strict = true; },
      "Fail instead of seeding in SNAPSHOT mode or restoring a stale snapshot or one without "
      "metadata ($TDM_STRICT)");
  verb.add_flag("--policy-from-cmake", flags.from_cmake,
                "The policy flags, --seed-timeout, --seed and --remote-storage come from "
                "tdm_add_snapshot (shown so by "
                "tdm config)")
      ->group("");  // hidden: written by TDMFixtures.cmake
}

void add_run_id_option(CLI::App& verb, std::string& run_id) {
  verb.add_option("--run-id", run_id,
                  "This run's namespace on a shared server: the fixture's databases are named "
                  "<database>_<run id> (default: $TDM_RUN_ID; none: the plain names)")
      ->type_name("ID");
}

TierChoice complete_tier(FixtureSpec& spec, const TierFlags& flags, const Environment& env) {
  TierChoice choice = choose_tier(flags, env, spec.name);
  spec.tier = choice.tier;
  if (spec.tier.empty()) return choice;
  for (auto& dir : spec.sql_dirs) dir = with_tier(dir.string(), spec.tier);
  for (auto& input : spec.inputs) input = with_tier(input, spec.tier);
  return choice;
}

void complete_seed_settings(FixtureSpec& spec, const SeedFlags& flags, const Environment& env) {
  spec.seed_timeout = seed_timeout(flags.timeout, env);
  spec.replay_seed = replay_seed(flags.replay_seed, env, spec.name, spec.tier);
}

void add_selector_option(CLI::App& verb, std::string& selector) {
  verb.add_option("--snapshot", selector,
                  "The newest usable snapshot this selector names: NAME[@VERSION][:TIER], e.g. "
                  "app@1.0.0:realistic (instead of --name, --version, --tier, --id)")
      ->excludes("--name")
      ->excludes("--version")
      ->excludes("--tier")
      ->excludes("--id");
}

std::optional<SnapshotSelector> selector_of(const std::string& selector) {
  if (selector.empty()) return std::nullopt;
  return parse_selector(selector);
}

void complete_fixture_spec(FixtureSpec& spec) {
  if (!spec.version.empty()) require_semantic_version(spec.version, "--version");
  if (spec.base.empty()) spec.base = std::filesystem::current_path();
  if (spec.snapshot_dir.empty()) spec.snapshot_dir = "snapshots";
  if (!spec.sql_dirs.empty() && !spec.seed_command.empty()) {
    throw Error(ExitCode::kUsage, "both --sql-dir and a seed command were given",
                "seed either from SQL dirs or with a command after --, not both");
  }
}

}  // namespace tdm::cli
