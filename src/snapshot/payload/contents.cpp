#include "snapshot/payload/contents.hpp"

#include "core/enum_names.hpp"
#include "core/error.hpp"

namespace tdm {

namespace {

constexpr EnumNames<ColumnEncoding, 2> kEncodingNames{
    {{{ColumnEncoding::kText, "text"}, {ColumnEncoding::kUnsigned, "unsigned"}}}};

std::string checked_integer(const std::string& text, const SequenceDefinition& sequence) {
  std::size_t digits = !text.empty() && text[0] == '-' ? 1 : 0;
  if (text.size() <= digits || text.find_first_not_of("0123456789", digits) != std::string::npos) {
    throw Error(ExitCode::kSnapshot,
                "sequence `" + sequence.name + "` has a malformed value '" + text + "'",
                "recreate the snapshot");
  }
  return text;
}

}  // namespace

std::string setval_arguments(const SequenceDefinition& sequence) {
  return checked_integer(sequence.next_value, sequence) + ", 0, " +
         checked_integer(sequence.cycle_count, sequence);
}

std::string to_string(ColumnEncoding encoding) {
  return kEncodingNames.name(encoding);
}

ColumnEncoding column_encoding_from_string(const std::string& text) {
  if (auto encoding = kEncodingNames.find(text)) return *encoding;
  throw Error(ExitCode::kSnapshot, "unknown column encoding '" + text + "' in snapshot payload",
              "the snapshot was made by a newer tdm: upgrade tdm or recreate the snapshot");
}

}  // namespace tdm
