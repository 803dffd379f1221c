#include "snapshot/payload/schema_fingerprint.hpp"

#include <algorithm>
#include <tuple>
#include <vector>

#include "hashing/sha256.hpp"
#include "snapshot/payload/auto_increment_option.hpp"

namespace tdm {

namespace {

struct Definition {
  std::string kind;
  std::string name;
  std::string statement;

  bool operator<(const Definition& other) const {
    return std::tie(kind, name) < std::tie(other.kind, other.name);
  }
};

std::vector<Definition> definitions_of(const PayloadIndex& index) {
  std::vector<Definition> all;
  for (const TableDefinition& table : index.tables) {
    all.push_back({"TABLE", table.name, without_auto_increment(table.create_statement)});
  }
  for (const SequenceDefinition& sequence : index.sequences) {
    all.push_back({"SEQUENCE", sequence.name, sequence.create_statement});
  }
  for (const StoredObject& object : index.objects) {
    all.push_back({object.type, object.name, object.create_statement});
  }
  // The payload's order is the capture's; the fingerprint must not depend on it.
  std::sort(all.begin(), all.end());
  return all;
}

// Each field with its length first, so that no two different lists hash the same text.
void add_field(Sha256& digest, const std::string& field) {
  digest.update(std::to_string(field.size()));
  digest.update(":");
  digest.update(field);
}

}  // namespace

std::string schema_fingerprint(const PayloadIndex& index) {
  Sha256 digest;
  for (const Definition& definition : definitions_of(index)) {
    add_field(digest, definition.kind);
    add_field(digest, definition.name);
    add_field(digest, definition.statement);
  }
  return digest.hex_digest();
}

}  // namespace tdm
