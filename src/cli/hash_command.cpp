#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "core/error.hpp"
#include "core/files.hpp"
#include "hashing/depfile.hpp"
#include "hashing/inputs.hpp"
#include "hashing/manifest.hpp"
#include "snapshot/metadata.hpp"

namespace tdm::cli {

namespace {

namespace fs = std::filesystem;

// The snapshot metadata field that records the manifest the snapshot was built from.
constexpr const char* kInputManifestField = "inputManifest";

constexpr const char* kHashHelp = R"(
Prints the data-model hash of the inputs (64 hex digits) on stdout. The hash covers each
input's path (relative to --base) and content: editing, adding, removing or renaming an input
changes it; touching one does not.

An input is a file, a directory (every file below it; .git is skipped) or a glob: *, ? and
[...] match within one path component, ** matches any number of directories. A file or
directory that does not exist is an error; a glob that matches nothing is not.

--output, --manifest and --depfile rewrite their file only when its content changes, so a
build rule can depend on --output with restat: it re-runs the snapshot step only when the
data model changed. The depfile (Make syntax, read by Ninja) lists every input file and
every scanned directory, so adding or removing a file re-runs the hash step.

--against compares the inputs with the "inputManifest" recorded in a snapshot's .meta.json
and prints one line per difference after the hash ("changed seeders/UserSeeder.php",
"added ...", "removed ..."). It exits 0 whether or not they differ.

Example:
  tdm hash --inputs database/migrations database/seeders 'database/factories/**/*.php' \
           --output build/app.hash --depfile build/app.hash.d)";

struct HashOptions {
  std::vector<std::string> inputs;
  std::string base;
  std::string output;
  std::string manifest;
  std::string depfile;
  std::string depfile_target;
  std::string against;
};

Manifest read_recorded_manifest(const fs::path& meta_path) {
  std::error_code error;
  if (!fs::is_regular_file(meta_path, error)) {
    throw Error(ExitCode::kSnapshot, "snapshot metadata " + meta_path.string() + " does not exist",
                "pass the .meta.json file that lies beside the snapshot ('tdm snapshot list')");
  }
  nlohmann::json meta = nlohmann::json::parse(read_file(meta_path), nullptr, false);
  if (meta.is_discarded() || !meta.is_object()) {
    throw Error(ExitCode::kSnapshot,
                "snapshot metadata " + meta_path.string() + " is not a JSON object",
                "recreate the snapshot, or pass the right .meta.json file");
  }
  require_known_format(meta, meta_path.string());
  if (!meta.contains(kInputManifestField)) {
    throw Error(
        ExitCode::kSnapshot,
        "snapshot metadata " + meta_path.string() + " has no \"" + kInputManifestField + "\"",
        "recreate the snapshot with this version of tdm");
  }
  return manifest_from_json(meta[kInputManifestField],
                            meta_path.string() + " \"" + kInputManifestField + "\"");
}

std::string depfile_target(const HashOptions& options) {
  std::string target = options.depfile_target.empty() ? options.output : options.depfile_target;
  if (target.empty()) {
    throw Error(ExitCode::kUsage, "--depfile needs a target",
                "pass --output FILE or --depfile-target NAME");
  }
  return target;
}

void hash(const HashOptions& options, Context& context) {
  // Usage and metadata errors first, before any file is written.
  std::string target = options.depfile.empty() ? std::string() : depfile_target(options);
  std::optional<Manifest> recorded;
  if (!options.against.empty()) recorded = read_recorded_manifest(options.against);

  fs::path base = options.base.empty() ? fs::current_path() : fs::path(options.base);
  InputSet inputs = collect_inputs(options.inputs, base);
  Manifest manifest = compute_manifest(inputs);
  std::string data_model_hash = manifest.data_model_hash();

  if (!options.output.empty()) {
    if (write_file_if_changed(options.output, data_model_hash + "\n")) {
      context.log << "tdm: hash changed -> " << options.output << "\n";
    } else {
      context.log << "tdm: hash unchanged\n";
    }
  }
  if (!options.manifest.empty()) {
    write_file_if_changed(options.manifest, to_json(manifest).dump(2) + "\n");
  }
  if (!options.depfile.empty()) {
    write_file_if_changed(options.depfile, format_depfile(target, inputs));
  }

  context.out << data_model_hash << "\n";
  if (recorded) {
    std::vector<InputChange> changes = diff_manifests(*recorded, manifest);
    for (const InputChange& change : changes) {
      context.out << to_string(change.kind) << " " << change.path << "\n";
    }
    context.log << "tdm: against " << options.against << ": " << describe_changes(changes) << "\n";
  }
}

}  // namespace

void add_hash_command(CLI::App& app, Context& context) {
  auto options = std::make_shared<HashOptions>();
  CLI::App* verb = app.add_subcommand(
      "hash", "Print the data-model hash of the inputs; write it to a file only when it changed");
  verb->footer(kHashHelp);
  verb->add_option("--inputs", options->inputs,
                   "Input files, directories and globs (migrations, seeders, factories)")
      ->required()
      ->type_name("SPEC");
  verb->add_option(
          "--base", options->base,
          "Resolve relative inputs, and name inputs in the manifest, from DIR (default: cwd)")
      ->type_name("DIR");
  verb->add_option("--output", options->output,
                   "Write \"<hash>\\n\" to FILE, only when it changed (a restat dependency)")
      ->type_name("FILE");
  verb->add_option("--manifest", options->manifest,
                   "Write the input manifest (JSON: path -> SHA-256), only when it changed")
      ->type_name("FILE");
  verb->add_option("--depfile", options->depfile,
                   "Write a Make/Ninja depfile of the input files and scanned directories")
      ->type_name("FILE");
  verb->add_option("--depfile-target", options->depfile_target,
                   "Target named in the depfile (default: the --output path)")
      ->type_name("NAME");
  verb->add_option("--against", options->against,
                   "List inputs that differ from the \"inputManifest\" of a snapshot's metadata")
      ->type_name("META.json");
  verb->callback([options, &context] { hash(*options, context); });
}

}  // namespace tdm::cli
