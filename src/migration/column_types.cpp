#include "migration/column_types.hpp"

#include <map>
#include <optional>
#include <vector>

namespace tdm {

namespace {

// A type split into its base word, its parenthesised arguments and its sign.
struct ParsedType {
  std::string base;  // lower case: "int", "varchar", "enum"
  std::string arguments;
  bool is_unsigned = false;
};

ParsedType parse_type(const std::string& type) {
  ParsedType parsed;
  std::size_t open = type.find('(');
  std::size_t base_end = open == std::string::npos ? type.find(' ') : open;
  parsed.base = type.substr(0, base_end);
  for (char& c : parsed.base) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (open != std::string::npos) {
    std::size_t close = type.rfind(')');
    if (close != std::string::npos && close > open) {
      parsed.arguments = type.substr(open + 1, close - open - 1);
    }
  }
  parsed.is_unsigned = type.find(" unsigned") != std::string::npos;
  return parsed;
}

std::optional<int> rank_in(const std::map<std::string, int>& family, const std::string& base) {
  auto found = family.find(base);
  if (found == family.end()) return std::nullopt;
  return found->second;
}

long long number_or(const std::string& text, long long fallback) {
  try {
    return text.empty() ? fallback : std::stoll(text);
  } catch (const std::exception&) {  // not a number: compare as "not widening"
    return -1;
  }
}

bool integer_widens(const ParsedType& a, const ParsedType& b, int rank_a, int rank_b) {
  if (a.is_unsigned == b.is_unsigned) return rank_b >= rank_a;
  // Unsigned values fit a signed type only one size up; negative values never fit unsigned.
  return a.is_unsigned && rank_b > rank_a;
}

bool decimal_widens(const std::string& a, const std::string& b) {
  auto digits = [](const std::string& arguments) {
    std::size_t comma = arguments.find(',');
    long long precision = number_or(arguments.substr(0, comma), 10);
    long long scale = comma == std::string::npos ? 0 : number_or(arguments.substr(comma + 1), 0);
    return std::pair{precision - scale, scale};
  };
  auto [integer_a, scale_a] = digits(a);
  auto [integer_b, scale_b] = digits(b);
  return integer_b >= integer_a && scale_b >= scale_a;
}

// ENUM and SET: the older values, in their order, start the newer list.
bool values_kept(const std::string& a, const std::string& b) {
  return b.compare(0, a.size(), a) == 0 && (b.size() == a.size() || b[a.size()] == ',');
}

}  // namespace

bool widens_or_keeps(const std::string& older, const std::string& newer) {
  if (older == newer) return true;
  ParsedType a = parse_type(older);
  ParsedType b = parse_type(newer);
  static const std::map<std::string, int> integers{
      {"tinyint", 1}, {"smallint", 2}, {"mediumint", 3}, {"int", 4}, {"bigint", 5}};
  static const std::map<std::string, int> strings{{"char", 1}, {"varchar", 1}};
  static const std::map<std::string, int> texts{
      {"varchar", 0}, {"tinytext", 1}, {"text", 2}, {"mediumtext", 3}, {"longtext", 4}};
  static const std::map<std::string, int> blobs{
      {"varbinary", 0}, {"tinyblob", 1}, {"blob", 2}, {"mediumblob", 3}, {"longblob", 4}};
  if (auto rank_a = rank_in(integers, a.base), rank_b = rank_in(integers, b.base);
      rank_a && rank_b) {
    return integer_widens(a, b, *rank_a, *rank_b);
  }
  if (rank_in(strings, a.base) && rank_in(strings, b.base)) {
    return number_or(b.arguments, 1) >= number_or(a.arguments, 1);
  }
  for (const auto* family : {&texts, &blobs}) {
    if (auto rank_a = rank_in(*family, a.base), rank_b = rank_in(*family, b.base);
        rank_a && rank_b) {
      return *rank_b >= *rank_a && *rank_b > 0;
    }
  }
  if (a.base != b.base) return a.base == "float" && b.base == "double";
  if (a.base == "decimal" || a.base == "numeric") return decimal_widens(a.arguments, b.arguments);
  if (a.base == "enum" || a.base == "set") return values_kept(a.arguments, b.arguments);
  if (a.base == "varbinary" || a.base == "binary") {
    return number_or(b.arguments, 1) >= number_or(a.arguments, 1);
  }
  if (a.base == "datetime" || a.base == "timestamp" || a.base == "time") {
    return number_or(b.arguments, 0) >= number_or(a.arguments, 0);
  }
  return false;
}

}  // namespace tdm
