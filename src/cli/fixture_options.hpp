#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

#include "core/environment.hpp"
#include "fixture/fixture_spec.hpp"
#include "policy/settings.hpp"
#include "seed/tier.hpp"
#include "snapshot/selector.hpp"

namespace tdm::cli {

// --name, --version, --dir: which snapshots.
void add_snapshot_identity_options(CLI::App& verb, FixtureSpec& spec);
// --snapshot NAME[@VERSION][:TIER], excluding --name, --version, --tier and --id (add them
// first).
void add_selector_option(CLI::App& verb, std::string& selector);
// The parsed --snapshot (Error(kInvalidInput) for a bad spelling); nullopt when not given.
std::optional<SnapshotSelector> selector_of(const std::string& selector);
// --tier: which tier of the fixture (for commands that name one snapshot).
void add_tier_option(CLI::App& verb, TierFlags& flags);
// --tiers, --default-tier and --tier: the fixture's tiers and which one this command works on.
void add_tier_options(CLI::App& verb, TierFlags& flags);
// --inputs, --base: what the data-model hash covers.
void add_input_options(CLI::App& verb, FixtureSpec& spec);
// How the seed runs, as given on the command line (empty: not given), for
// complete_seed_settings.
struct SeedFlags {
  std::string timeout;      // --seed-timeout
  std::string replay_seed;  // --seed
};

// --sql-dir, --working-directory, --seed-timeout, --seed, and the seed command after `--`.
void add_seed_options(CLI::App& verb, FixtureSpec& spec, SeedFlags& flags);
// --mode, --max-age, --capture/--no-capture, --capture-on-success.
void add_policy_options(CLI::App& verb, PolicyFlags& flags);
// --run-id: the run's namespace on a shared server (fixture/run_id.hpp; default $TDM_RUN_ID).
void add_run_id_option(CLI::App& verb, std::string& run_id);

// Fills defaults that depend on the environment: base = cwd, dir = ./snapshots.
void complete_fixture_spec(FixtureSpec& spec);
// Sets spec.tier (choose_tier) and puts it in place of @TIER@ in the SQL dirs and inputs; returns
// the choice, for `tdm config`.
TierChoice complete_tier(FixtureSpec& spec, const TierFlags& flags, const Environment& env);
// Sets spec.seed_timeout from --seed-timeout, else $TDM_SEED_TIMEOUT, else one hour; and
// spec.replay_seed from --seed, else $TDM_SEED, else the default of spec.name and spec.tier.
void complete_seed_settings(FixtureSpec& spec, const SeedFlags& flags, const Environment& env);

}  // namespace tdm::cli
