#include "migration/schema_diff.hpp"

namespace tdm {

namespace {

// A sequence's position moves with use, as rows do.
bool is_data(const PropertyChange& change) {
  return change.property == "next value" || change.property == "cycle count";
}

}  // namespace

PayloadDiff schema_part(const PayloadDiff& diff) {
  PayloadDiff schema;
  schema.only_in_a = diff.only_in_a;
  schema.only_in_b = diff.only_in_b;
  schema.definitions = diff.definitions;
  for (const PropertyChange& change : diff.properties) {
    if (!is_data(change)) schema.properties.push_back(change);
  }
  schema.ignored = diff.ignored;
  schema.max_rows = diff.max_rows;
  return schema;
}

}  // namespace tdm
