#include "snapshot/payload/contents.hpp"

#include "core/enum_names.hpp"
#include "core/error.hpp"

namespace tdm {

namespace {

constexpr EnumNames<ColumnEncoding, 2> kEncodingNames{
    {{{ColumnEncoding::kText, "text"}, {ColumnEncoding::kUnsigned, "unsigned"}}}};

}  // namespace

std::string to_string(ColumnEncoding encoding) {
  return kEncodingNames.name(encoding);
}

ColumnEncoding column_encoding_from_string(const std::string& text) {
  if (auto encoding = kEncodingNames.find(text)) return *encoding;
  throw Error(ExitCode::kSnapshot, "unknown column encoding '" + text + "' in snapshot payload",
              "the snapshot was made by a newer tdm: upgrade tdm or recreate the snapshot");
}

}  // namespace tdm
