#include "snapshot/payload_contents.hpp"

#include "core/error.hpp"

namespace tdm {

std::string to_string(ColumnEncoding encoding) {
  switch (encoding) {
    case ColumnEncoding::kText:
      return "text";
    case ColumnEncoding::kUnsigned:
      return "unsigned";
  }
  return "unknown";
}

ColumnEncoding column_encoding_from_string(const std::string& text) {
  if (text == "text") return ColumnEncoding::kText;
  if (text == "unsigned") return ColumnEncoding::kUnsigned;
  throw Error(ExitCode::kSnapshot, "unknown column encoding '" + text + "' in snapshot payload",
              "the snapshot was made by a newer tdm: upgrade tdm or recreate the snapshot");
}

}  // namespace tdm
