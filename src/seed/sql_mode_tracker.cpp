#include "seed/sql_mode_tracker.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <vector>

#include "core/format.hpp"

namespace tdm {

using sql_mode_detail::Token;
using sql_mode_detail::TokenKind;

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool is_word_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$' || c == '.' ||
         (static_cast<unsigned char>(c) >= 0x80);
}

// The server's sql_mode flags in bit order, so that a numeric mode reads back as names.
constexpr std::array<std::string_view, 21> kModeBits = {"REAL_AS_FLOAT",
                                                        "PIPES_AS_CONCAT",
                                                        "ANSI_QUOTES",
                                                        "IGNORE_SPACE",
                                                        "IGNORE_BAD_TABLE_OPTIONS",
                                                        "ONLY_FULL_GROUP_BY",
                                                        "NO_UNSIGNED_SUBTRACTION",
                                                        "NO_DIR_IN_CREATE",
                                                        "POSTGRESQL",
                                                        "ORACLE",
                                                        "MSSQL",
                                                        "DB2",
                                                        "MAXDB",
                                                        "NO_KEY_OPTIONS",
                                                        "NO_TABLE_OPTIONS",
                                                        "NO_FIELD_OPTIONS",
                                                        "MYSQL323",
                                                        "MYSQL40",
                                                        "ANSI",
                                                        "NO_AUTO_VALUE_ON_ZERO",
                                                        "NO_BACKSLASH_ESCAPES"};

// The combination modes that switch ANSI_QUOTES on.
constexpr std::array<std::string_view, 7> kQuotingAnsiModes = {
    "ANSI_QUOTES", "ANSI", "ORACLE", "POSTGRESQL", "MSSQL", "DB2", "MAXDB"};

// Splits a statement into the tokens a SET statement is made of. Executable-comment markers
// (/*!40101 ... */, /*M!100000 ... */) vanish: their content is what the server runs.
class Tokenizer {
 public:
  Tokenizer(std::string_view text, QuotingModes modes) : text_(text), modes_(modes) {}

  std::vector<Token> run() {
    std::vector<Token> tokens;
    while (pos_ < text_.size()) {
      if (skip_noise()) continue;
      char c = text_[pos_];
      if (c == '\'' || c == '"') {
        tokens.push_back({TokenKind::kString, quoted(c)});
      } else if (c == '`') {
        tokens.push_back({TokenKind::kWord, quoted(c)});
      } else if (c == '@') {
        std::size_t start = pos_;
        while (pos_ < text_.size() && text_[pos_] == '@') ++pos_;
        std::string at_signs(text_.substr(start, pos_ - start));
        tokens.push_back({TokenKind::kVariable, at_signs + word()});
      } else if (is_word_char(c)) {
        tokens.push_back({TokenKind::kWord, word()});
      } else if (c == ':' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '=') {
        pos_ += 2;
        tokens.push_back({TokenKind::kSymbol, "="});
      } else {
        ++pos_;
        tokens.push_back({TokenKind::kSymbol, std::string(1, c)});
      }
    }
    return tokens;
  }

 private:
  bool skip_noise() {
    std::string_view rest = text_.substr(pos_);
    if (std::isspace(static_cast<unsigned char>(rest[0]))) {
      ++pos_;
      return true;
    }
    if (rest.starts_with("/*!") || rest.starts_with("/*M!")) {
      pos_ += rest[2] == 'M' ? 4 : 3;
      while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) ++pos_;
      return true;
    }
    if (rest.starts_with("*/")) {
      pos_ += 2;
      return true;
    }
    return false;
  }

  std::string word() {
    std::size_t start = pos_;
    if (pos_ < text_.size() && text_[pos_] == '`') return quoted('`');
    while (pos_ < text_.size() && is_word_char(text_[pos_])) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }

  std::string quoted(char quote) {
    bool escapes =
        quote != '`' && !modes_.no_backslash_escapes && !(quote == '"' && modes_.ansi_quotes);
    std::string value;
    ++pos_;
    while (pos_ < text_.size()) {
      char c = text_[pos_++];
      if (c == '\\' && escapes && pos_ < text_.size()) {
        value += text_[pos_++];
      } else if (c == quote) {
        if (pos_ >= text_.size() || text_[pos_] != quote) break;
        value += text_[pos_++];
      } else {
        value += c;
      }
    }
    return value;
  }

  std::string_view text_;
  QuotingModes modes_;
  std::size_t pos_ = 0;
};

std::optional<std::string> numeric_mode(const std::string& digits) {
  unsigned long long bits = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
  if (error != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  std::string names;
  for (std::size_t bit = 0; bit < kModeBits.size(); ++bit) {
    if ((bits >> bit) & 1u) names += (names.empty() ? "" : ",") + std::string(kModeBits[bit]);
  }
  return names;
}

// "sql_mode" for the session's variable however it is written, "" for anything else.
std::string session_variable(std::string name) {
  name = lower(name);
  if (name.starts_with("@@")) name.erase(0, 2);
  if (name.starts_with("session.")) name.erase(0, 8);
  if (name.starts_with("local.")) name.erase(0, 6);
  return name;
}

}  // namespace

QuotingModes SqlModeTracker::modes_of(std::string_view sql_mode) {
  QuotingModes modes;
  std::string text = ascii_upper(sql_mode);
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string_view name = std::string_view(text).substr(start, comma - start);
    while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name == "NO_BACKSLASH_ESCAPES") modes.no_backslash_escapes = true;
    for (std::string_view ansi : kQuotingAnsiModes) {
      if (name == ansi) modes.ansi_quotes = true;
    }
    start = comma + 1;
  }
  return modes;
}

void SqlModeTracker::observe(std::string_view statement) {
  std::vector<Token> tokens = Tokenizer(statement, modes()).run();
  if (tokens.empty() || tokens[0].kind != TokenKind::kWord ||
      ascii_upper(tokens[0].text) != "SET") {
    return;
  }
  if (tokens.size() > 1 && ascii_upper(tokens[1].text) == "STATEMENT")
    return;  // one statement only
  std::size_t i = 1;
  while (i < tokens.size()) {
    // One assignment: [scope] target = expression, up to a comma outside parentheses.
    std::size_t end = i;
    int depth = 0;
    while (end < tokens.size()) {
      const Token& token = tokens[end];
      if (token.kind == TokenKind::kSymbol) {
        if (token.text == "(") ++depth;
        if (token.text == ")") --depth;
        if (token.text == "," && depth == 0) break;
      }
      ++end;
    }
    std::size_t at = i;
    bool global = false;
    if (at < end && tokens[at].kind == TokenKind::kWord) {
      std::string scope = ascii_upper(tokens[at].text);
      if (scope == "GLOBAL") global = true;
      if (scope == "GLOBAL" || scope == "SESSION" || scope == "LOCAL") ++at;
    }
    if (!global && at + 2 <= end && tokens[at + 1].kind == TokenKind::kSymbol &&
        tokens[at + 1].text == "=") {
      // Only a single value is understood; an expression's result stays unknown.
      std::optional<std::string> value;
      if (at + 3 == end) value = value_of(tokens[at + 2]);
      assign(tokens[at].text, std::move(value));
    }
    i = end + 1;
  }
}

std::optional<std::string> SqlModeTracker::value_of(const Token& token) const {
  if (token.kind == TokenKind::kString) return token.text;
  if (token.kind == TokenKind::kVariable) {
    if (token.text.starts_with("@@")) {
      if (session_variable(token.text) == "sql_mode") return sql_mode_;
      return std::nullopt;
    }
    auto found = user_variables_.find(lower(token.text.substr(1)));
    if (found == user_variables_.end()) return std::nullopt;
    return found->second;
  }
  if (token.kind == TokenKind::kWord) {
    if (ascii_upper(token.text) == "DEFAULT") return std::string();  // the server's default
    return numeric_mode(token.text);
  }
  return std::nullopt;
}

void SqlModeTracker::assign(const std::string& target, std::optional<std::string> value) {
  if (target.starts_with("@") && !target.starts_with("@@")) {
    std::string name = lower(target.substr(1));
    if (value) {
      user_variables_[name] = *value;
    } else {
      user_variables_.erase(name);
    }
    return;
  }
  if (lower(target).starts_with("@@global.")) return;
  if (session_variable(target) == "sql_mode" && value) sql_mode_ = ascii_upper(*value);
}

}  // namespace tdm
