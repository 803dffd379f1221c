#include "migration/schema_changes.hpp"

#include <algorithm>
#include <set>

#include "migration/column_types.hpp"
#include "snapshot/table_definition.hpp"

namespace tdm {

namespace {

constexpr Compatibility kBreaking = Compatibility::kBreaking;
constexpr Compatibility kNonBreaking = Compatibility::kNonBreaking;

// "TABLE `users`" -> {"TABLE", "users"}.
std::pair<std::string, std::string> object_kind_and_name(const std::string& object) {
  std::size_t space = object.find(' ');
  std::string kind = object.substr(0, space);
  std::string name = space == std::string::npos ? "" : object.substr(space + 1);
  if (name.size() >= 2 && name.front() == '`' && name.back() == '`') {
    name = name.substr(1, name.size() - 2);
  }
  return {kind, name};
}

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

// Clients read tables, views and sequences and call routines; triggers and events act on
// their own.
bool clients_use(const std::string& kind) {
  return kind != "TRIGGER" && kind != "EVENT";
}

std::string join(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

// A foreign key of `table` needs an index whose leading columns are its own.
// Dropping such an index goes with dropping or re-indexing the foreign key: either way clients'
// joins and cascades change.
bool used_by_foreign_key(const TableDefinitionParts& table, const IndexDefinition& index) {
  for (const ConstraintDefinition& constraint : table.constraints) {
    if (!constraint.foreign_key || constraint.columns.size() > index.columns.size()) continue;
    if (std::equal(constraint.columns.begin(), constraint.columns.end(), index.columns.begin())) {
      return true;
    }
  }
  return false;
}

// Whether every one of `columns` is new in `newer`: old clients never write them, so a
// constraint on them alone refuses nothing they did before.
bool only_new_columns(const std::vector<std::string>& columns, const TableDefinitionParts& older) {
  return !columns.empty() && std::none_of(columns.begin(), columns.end(), [&](const auto& name) {
    return older.column(name) != nullptr;
  });
}

class TableComparison {
 public:
  TableComparison(const std::string& a, const std::string& b, std::vector<SchemaChange>& out)
      : a_(parse_table_definition(a)), b_(parse_table_definition(b)), out_(out) {
    if (a_.name.empty()) a_.name = b_.name;
  }

  void run() {
    compare_columns();
    compare_indexes();
    compare_constraints();
    if (a_.options != b_.options) {
      add(kNonBreaking,
          "table " + a_.name + " options changed: " + a_.options + " -> " + b_.options);
    }
  }

 private:
  void add(Compatibility compatibility, std::string description) {
    out_.push_back({compatibility, std::move(description)});
  }
  std::string column_name(const std::string& column) const { return a_.name + "." + column; }

  void compare_columns() {
    for (const ColumnDefinition& old_column : a_.columns) {
      const ColumnDefinition* new_column = b_.column(old_column.name);
      if (!new_column) {
        add(kBreaking, "column " + column_name(old_column.name) + " dropped");
      } else {
        compare_column(old_column, *new_column);
      }
    }
    for (const ColumnDefinition& column : b_.columns) {
      if (a_.column(column.name)) continue;
      if (!column.nullable && !column.has_default) {
        add(kBreaking, "column " + column_name(column.name) + " added NOT NULL without a default");
      } else {
        add(kNonBreaking, "column " + column_name(column.name) + " added (" +
                              (column.nullable ? "nullable" : "with a default") + ")");
      }
    }
  }

  void compare_column(const ColumnDefinition& a, const ColumnDefinition& b) {
    std::string name = "column " + column_name(a.name);
    bool reported = false;
    if (a.type != b.type) {
      bool widened = widens_or_keeps(a.type, b.type);
      add(widened ? kNonBreaking : kBreaking,
          name + (widened ? " widened: " : " type narrowed or changed: ") + a.type + " -> " +
              b.type);
      reported = true;
    }
    if (a.nullable && !b.nullable) {
      add(b.has_default ? kNonBreaking : kBreaking,
          name + " made NOT NULL" + (b.has_default ? " (with a default)" : " without a default"));
      reported = true;
    } else if (!a.nullable && b.nullable) {
      add(kNonBreaking, name + " made nullable");
      reported = true;
    }
    if (!a.nullable && !b.nullable && a.has_default && !b.has_default) {
      add(kBreaking, name + " lost its default (NOT NULL)");
      reported = true;
    }
    if (!reported && a.attributes != b.attributes) {
      add(kNonBreaking, name + " changed: " + a.attributes + " -> " + b.attributes);
    }
  }

  void compare_indexes() {
    for (const IndexDefinition& old_index : a_.indexes) {
      const IndexDefinition* new_index = b_.index(old_index.name);
      if (new_index && new_index->text == old_index.text) continue;
      if (old_index.name == "PRIMARY") {
        add(kBreaking, new_index
                           ? "primary key of " + a_.name + " changed: (" + join(old_index.columns) +
                                 ") -> (" + join(new_index->columns) + ")"
                           : "primary key of " + a_.name + " dropped");
      } else if (used_by_foreign_key(a_, old_index)) {
        add(kBreaking, "index " + a_.name + "." + old_index.name +
                           (new_index ? " changed" : " dropped") + ", which a foreign key uses");
      } else {
        add(kNonBreaking,
            "index " + a_.name + "." + old_index.name + (new_index ? " changed" : " dropped"));
      }
      if (new_index && new_index->unique && !old_index.unique) added_index(*new_index);
    }
    for (const IndexDefinition& index : b_.indexes) {
      if (!a_.index(index.name)) added_index(index);
    }
  }

  void added_index(const IndexDefinition& index) {
    std::string name = a_.name + "." + index.name;
    if (index.name == "PRIMARY") {
      add(kBreaking, "primary key of " + a_.name + " added: (" + join(index.columns) + ")");
    } else if (index.unique && !only_new_columns(index.columns, a_)) {
      add(kBreaking,
          "unique key " + name + " added over existing columns (" + join(index.columns) + ")");
    } else {
      add(kNonBreaking, (index.unique ? "unique key " : "index ") + name + " added");
    }
  }

  void compare_constraints() {
    for (const ConstraintDefinition& old_constraint : a_.constraints) {
      const ConstraintDefinition* now = b_.constraint(old_constraint.name);
      if (now && now->text == old_constraint.text) continue;
      add(kNonBreaking, std::string(old_constraint.foreign_key ? "foreign key " : "check ") +
                            a_.name + "." + old_constraint.name + (now ? " changed" : " dropped"));
    }
    for (const ConstraintDefinition& constraint : b_.constraints) {
      const ConstraintDefinition* before = a_.constraint(constraint.name);
      if (before && before->text == constraint.text) continue;
      std::string what = std::string(constraint.foreign_key ? "foreign key " : "check ") + a_.name +
                         "." + constraint.name + " added";
      // A check's columns are not parsed: it may refuse what clients wrote before.
      bool refuses_nothing_old = constraint.foreign_key && only_new_columns(constraint.columns, a_);
      add(refuses_nothing_old ? kNonBreaking : kBreaking,
          what + (refuses_nothing_old ? " (on new columns)" : " over existing columns"));
    }
  }

  TableDefinitionParts a_;
  TableDefinitionParts b_;
  std::vector<SchemaChange>& out_;
};

void classify_dropped(const std::string& object, std::vector<SchemaChange>& out) {
  auto [kind, name] = object_kind_and_name(object);
  out.push_back(
      {clients_use(kind) ? kBreaking : kNonBreaking, lower(kind) + " " + name + " dropped"});
}

void classify_added(const std::string& object, std::vector<SchemaChange>& out) {
  auto [kind, name] = object_kind_and_name(object);
  out.push_back({kNonBreaking, lower(kind) + " " + name + " added"});
}

void classify_changed(const DefinitionChange& change, std::vector<SchemaChange>& out) {
  auto [kind, name] = object_kind_and_name(change.object);
  if (kind == "TABLE") {
    TableComparison(change.a, change.b, out).run();
    return;
  }
  // What a view returns or a routine does: callers may depend on every part of it.
  bool called = clients_use(kind) && kind != "SEQUENCE";
  out.push_back({called ? kBreaking : kNonBreaking, lower(kind) + " " + name + " changed"});
}

}  // namespace

std::vector<SchemaChange> classify_schema_changes(const PayloadDiff& diff) {
  std::vector<SchemaChange> changes;
  for (const std::string& object : diff.only_in_a) classify_dropped(object, changes);
  for (const std::string& object : diff.only_in_b) classify_added(object, changes);
  for (const DefinitionChange& change : diff.definitions) classify_changed(change, changes);
  return changes;
}

bool any_breaking(const std::vector<SchemaChange>& changes) {
  return std::any_of(changes.begin(), changes.end(), [](const SchemaChange& change) {
    return change.compatibility == Compatibility::kBreaking;
  });
}

std::string to_string(const SchemaChange& change) {
  return std::string(change.compatibility == Compatibility::kBreaking ? "breaking: "
                                                                      : "non-breaking: ") +
         change.description;
}

}  // namespace tdm
