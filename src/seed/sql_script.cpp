#include "seed/sql_script.hpp"

#include <cctype>

#include "core/error.hpp"
#include "seed/sql_mode_tracker.hpp"

namespace tdm {

namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
constexpr std::string_view kDelimiterCommand = "delimiter";

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

// One pass over the script: a cursor that counts lines, and the statement being collected.
class Splitter {
 public:
  Splitter(std::string_view script, std::string_view source, StatementComments comments)
      : text_(script), source_(source), keep_comments_(comments == StatementComments::kKept) {
    if (text_.substr(0, kByteOrderMark.size()) == kByteOrderMark) pos_ = kByteOrderMark.size();
  }

  std::vector<SqlStatement> run() {
    while (!at_end()) step();
    end_statement();
    return std::move(statements_);
  }

 private:
  void step() {
    if (current_.empty() && at_delimiter_command()) return read_delimiter_command();
    if (rest().starts_with(delimiter_)) {
      pos_ += delimiter_.size();
      return end_statement();
    }
    char c = text_[pos_];
    if (c == '\'' || c == '"' || c == '`') return copy_quoted(c);
    if (at_line_comment()) return skip_line_comment();
    if (at_block_comment()) return skip_block_comment();
    append(advance());
  }

  // --- the cursor ---
  bool at_end() const { return pos_ >= text_.size(); }
  std::string_view rest() const { return text_.substr(pos_); }
  char peek(std::size_t ahead) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  char advance() {
    char c = text_[pos_++];
    if (c == '\n') ++line_;
    return c;
  }

  // --- the statement being collected ---
  void append(char c) {
    if (current_.empty()) {
      if (is_blank(c)) return;  // whitespace before a statement belongs to none
      start_line_ = line_;
    }
    current_ += c;
  }

  void end_statement() {
    while (!current_.empty() && is_blank(current_.back())) current_.pop_back();
    // A kept line comment at the very end would swallow whatever the statement is joined to.
    if (!current_.empty() && current_.size() == line_comment_end_) current_ += '\n';
    line_comment_end_ = std::string::npos;
    if (!current_.empty()) {
      // The quoting rules of the statements after a SET sql_mode are the new mode's.
      sql_mode_.observe(current_);
      statements_.push_back({std::move(current_), start_line_, delimiter_});
    }
    current_.clear();
  }

  [[noreturn]] void fail(std::size_t line, const std::string& problem, const std::string& fix) {
    throw Error(ExitCode::kSeed, std::string(source_) + ":" + std::to_string(line) + ": " + problem,
                fix);
  }

  // --- quotes: copied verbatim, escapes and all ---
  // A backslash escapes the next character as the session's sql_mode says: never inside
  // `...`, nor under NO_BACKSLASH_ESCAPES, nor inside "..." under ANSI_QUOTES (an identifier).
  bool backslash_escapes(char quote) const {
    QuotingModes modes = sql_mode_.modes();
    return quote != '`' && !modes.no_backslash_escapes && !(quote == '"' && modes.ansi_quotes);
  }

  void copy_quoted(char quote) {
    std::size_t opened_at = line_;
    bool escapes = backslash_escapes(quote);
    append(advance());
    while (true) {
      if (at_end()) {
        fail(opened_at, std::string("the ") + quote + " quote opened here is never closed",
             "close the string or identifier, or escape the quote inside it");
      }
      char c = advance();
      append(c);
      if (c == '\\' && escapes && !at_end()) {
        append(advance());
      } else if (c == quote) {
        if (peek(0) != quote) return;
        append(advance());  // a doubled quote stands for itself
      }
    }
  }

  // --- comments: dropped, except that a block comment still separates words ---
  bool at_line_comment() const {
    if (peek(0) == '#') return true;
    if (peek(0) != '-' || peek(1) != '-') return false;
    char after = peek(2);  // MariaDB wants a blank or control character after "--"
    return after == '\0' || std::iscntrl(static_cast<unsigned char>(after)) || after == ' ';
  }

  void skip_line_comment() {
    std::size_t start = pos_;
    while (!at_end() && peek(0) != '\n') advance();
    if (!keep_comments_ || current_.empty()) return;
    current_ += text_.substr(start, pos_ - start);
    line_comment_end_ = current_.size();
  }

  // /*! ... */ and /*M! ... */ are executable comments: ordinary statement text.
  bool at_block_comment() const {
    if (peek(0) != '/' || peek(1) != '*') return false;
    return !(peek(2) == '!' || (peek(2) == 'M' && peek(3) == '!'));
  }

  void skip_block_comment() {
    std::size_t opened_at = line_;
    std::size_t close = text_.find("*/", pos_ + 2);
    if (close == std::string_view::npos) {
      fail(opened_at, "the /* comment opened here is never closed", "add the closing */");
    }
    std::size_t start = pos_;
    std::string kept_breaks;  // so that lines inside the statement keep their numbers
    while (pos_ < close + 2) {
      if (advance() == '\n') kept_breaks += '\n';
    }
    if (current_.empty()) return;
    if (keep_comments_) {
      current_ += text_.substr(start, pos_ - start);
      return;
    }
    current_ += ' ';
    current_ += kept_breaks;
  }

  // --- the client's DELIMITER command ---
  bool at_delimiter_command() const {
    if (!starts_with_ignoring_case(rest(), kDelimiterCommand)) return false;
    char after = peek(kDelimiterCommand.size());
    return after == ' ' || after == '\t' || after == '\n' || after == '\r' || after == '\0';
  }

  void read_delimiter_command() {
    std::size_t command_line = line_;
    pos_ += kDelimiterCommand.size();
    while (!at_end() && (peek(0) == ' ' || peek(0) == '\t')) advance();
    std::string delimiter;
    while (!at_end() && !is_blank(peek(0))) delimiter += advance();
    // The client ignores anything after the delimiter on the same line; so do we.
    while (!at_end() && peek(0) != '\n') advance();
    if (delimiter.empty()) {
      fail(command_line, "DELIMITER without a delimiter",
           "write the new delimiter after it on the same line, e.g. 'DELIMITER $$'");
    }
    delimiter_ = std::move(delimiter);
  }

  std::string_view text_;
  std::string_view source_;
  bool keep_comments_;
  std::size_t line_comment_end_ = std::string::npos;  // where a kept line comment ended
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  std::string delimiter_ = ";";
  SqlModeTracker sql_mode_;
  std::string current_;
  std::size_t start_line_ = 0;
  std::vector<SqlStatement> statements_;
};

}  // namespace

std::vector<SqlStatement> split_sql_script(std::string_view script, std::string_view source,
                                           StatementComments comments) {
  return Splitter(script, source, comments).run();
}

}  // namespace tdm
