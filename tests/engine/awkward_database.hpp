#pragma once

#include <string>
#include <vector>

namespace tdm::testing {

// Statements that fill an empty database with everything a snapshot must carry byte for byte:
// awkward text and binary values, every tricky column type, generated columns, AUTO_INCREMENT
// gaps, non-default character sets, a sequence, foreign keys in a cycle, views on views,
// ordered triggers, routines made under a different sql_mode, an event, and system-versioned
// tables with history rows.
// Run in order on a connection whose current database is the empty database.
inline std::vector<std::string> awkward_database_statements() {
  return {
      // Foreign keys in a cycle: the second one is added once both tables exist.
      "CREATE TABLE parent (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(100) NOT NULL,"
      " favourite_child INT NULL, KEY (favourite_child)) ENGINE=InnoDB",
      "CREATE TABLE child (id INT AUTO_INCREMENT PRIMARY KEY, parent_id INT NOT NULL,"
      " nickname VARCHAR(50) COLLATE utf8mb4_bin,"
      " CONSTRAINT fk_child_parent FOREIGN KEY (parent_id) REFERENCES parent (id)"
      " ON DELETE CASCADE) ENGINE=InnoDB",
      "ALTER TABLE parent ADD CONSTRAINT fk_parent_child FOREIGN KEY (favourite_child)"
      " REFERENCES child (id) ON DELETE SET NULL",
      "CREATE TABLE audit_log (id INT AUTO_INCREMENT PRIMARY KEY, message VARCHAR(200) NOT NULL,"
      " at_step INT NOT NULL DEFAULT 0) ENGINE=InnoDB",

      "CREATE TABLE awkward ("
      " id BIGINT UNSIGNED AUTO_INCREMENT PRIMARY KEY,"
      " body TEXT, exact VARCHAR(255) COLLATE utf8mb4_bin, maybe VARCHAR(10) NULL,"
      " doc JSON, raw VARBINARY(64), blob_value BLOB,"
      " at DATETIME(6), stamped TIMESTAMP(3) NULL DEFAULT NULL, day DATE, span TIME(6),"
      " year_value YEAR, money DECIMAL(30,10), ratio FLOAT, precise DOUBLE,"
      " size ENUM('small','medium','large'), flags SET('a','b','c'),"
      " bit1 BIT(1), bit10 BIT(10), bit64 BIT(64), tiny TINYINT, huge BIGINT UNSIGNED,"
      " uuid_value UUID, address INET6, place POINT,"
      " body_length INT AS (CHAR_LENGTH(body)) VIRTUAL,"
      " shout VARCHAR(255) AS (UPPER(exact)) STORED,"
      " KEY (shout), UNIQUE KEY (uuid_value)"
      ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci"
      " COMMENT='awkward values — ünïcödé 😀'",

      "INSERT INTO awkward (body, exact, maybe, doc, raw, blob_value, at, stamped, day, span,"
      " year_value, money, ratio, precise, size, flags, bit1, bit10, bit64, tiny, huge,"
      " uuid_value, address, place) VALUES"
      " ('emoji 😀🎉 and CJK 漢字かな한국어', 'Exact Case', '', '{\"k\": [1, \"two\", null]}',"
      "  X'00FF000A0D095C4E', X'000000', '2024-02-29 23:59:59.123456', '2001-09-09 01:46:40.5',"
      "  '1000-01-01', '-838:59:59.000000', 1901, -12345678901234567890.0123456789,"
      "  0.1, 0.30000000000000004, 'small', 'a,c', b'1', b'1010101010',"
      "  b'1111111111111111111111111111111111111111111111111111111111111111', -128,"
      "  18446744073709551615, '123e4567-e89b-12d3-a456-426614174000', '2001:db8::1',"
      "  ST_GeomFromText('POINT(1.5 -2.25)')),"
      " ('quotes '' \" ` and back\\\\slash \\\\N \\\\t', 'tab\\there\\nnewline\\r\\n', NULL,"
      "  '[]', '', NULL, '9999-12-31 23:59:59.999999', '2030-01-19 03:14:07.999',"
      "  '9999-12-31', '838:59:59.999999', 2155, 0.0000000001, 3.4028234e38,"
      "  1.7976931348623157e308, 'large', '', b'0', b'0', b'0', 127, 0,"
      "  '00000000-0000-0000-0000-000000000000', '::', NULL),"
      " (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL,"
      "  NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL),"
      " ('', '', 'N', 'null', X'5C', X'0A09', '1970-01-01 00:00:00', '2000-01-01 00:00:01',"
      "  '2000-01-01', '00:00:00', 2000, 0, -0.5, 4.9e-324, 'medium', 'a,b,c', b'1',"
      "  b'1111111111', b'1000000000000000000000000000000000000000000000000000000000000000',"
      "  0, 1, 'ffffffff-ffff-ffff-ffff-ffffffffffff', '::ffff:255.255.255.255', POINT(0, 0))",
      // Floating point values the server's own text would round.
      "INSERT INTO awkward (ratio, precise, body)"
      " SELECT RAND(seq) * POW(10, CAST(seq % 40 AS SIGNED) - 20), RAND(seq + 7) * POW(10, "
      "CAST(seq % 600 AS SIGNED) - 300),"
      " CONCAT('row ', seq) FROM seq_1_to_500",
      // A gap at the end and a counter set above the highest value.
      "DELETE FROM awkward WHERE id IN (3, 504)",
      "ALTER TABLE awkward AUTO_INCREMENT = 1000",

      // A FULLTEXT index keeps the table out of tablespace copies: its rows travel instead.
      "CREATE TABLE notes (id INT AUTO_INCREMENT PRIMARY KEY, body TEXT, FULLTEXT KEY (body))"
      " ENGINE=InnoDB",
      "INSERT INTO notes (body) VALUES ('full text search'), ('of notes')",
      // Columns added and dropped in place (instant ALTER): the tablespace remembers them.
      "INSERT INTO audit_log (message) VALUES ('before'), ('the alter')",
      "ALTER TABLE audit_log ADD COLUMN origin VARCHAR(20) NOT NULL DEFAULT 'app' AFTER id,"
      " ALGORITHM=INSTANT",
      "ALTER TABLE audit_log DROP COLUMN at_step, ALGORITHM=INSTANT",
      "CREATE TABLE legacy (id INT PRIMARY KEY, name VARCHAR(50), note TEXT CHARACTER SET"
      " cp1251) ENGINE=InnoDB DEFAULT CHARSET=latin1 COLLATE=latin1_swedish_ci",
      "INSERT INTO legacy VALUES (1, 'café naïve Øre', 'Привет'), (2, 'tab\\tand\\\\', NULL)",
      "CREATE TABLE only_text (value VARCHAR(20) NOT NULL) ENGINE=Aria",
      "INSERT INTO only_text VALUES (''), (''), ('x'), ('')",
      "CREATE TABLE empty_with_counter (id INT AUTO_INCREMENT PRIMARY KEY, v INT)"
      " ENGINE=InnoDB AUTO_INCREMENT=500",
      "CREATE TABLE zero_key (id INT AUTO_INCREMENT PRIMARY KEY, v INT) ENGINE=MyISAM",
      "SET SESSION sql_mode = 'NO_AUTO_VALUE_ON_ZERO'",
      "INSERT INTO zero_key VALUES (0, 0), (7, 7)",
      "SET SESSION sql_mode = DEFAULT",
      "CREATE TABLE zero_dates (id INT PRIMARY KEY, d DATE, t DATETIME) ENGINE=InnoDB",
      "SET SESSION sql_mode = ''",
      "INSERT INTO zero_dates VALUES (1, '0000-00-00', '0000-00-00 00:00:00')",
      "SET SESSION sql_mode = DEFAULT",
      // What a permissive sql_mode lets the server store: ENUM and SET values outside their
      // lists (ENUM index 0, which is not the member '' of blank_choice), zero and invalid
      // dates, clipped numbers, cut strings.
      "CREATE TABLE permissive (id INT PRIMARY KEY, choice ENUM('a','b') NOT NULL,"
      " blank_choice ENUM('','a'), flags SET('a','b'), day DATE, moment DATETIME(2),"
      " stamp TIMESTAMP NULL, tiny TINYINT, small_unsigned SMALLINT UNSIGNED,"
      " money DECIMAL(4,2), short_text VARCHAR(3), fixed CHAR(3), year_value YEAR)"
      " ENGINE=InnoDB",
      "SET SESSION sql_mode = ''",
      "INSERT INTO permissive VALUES"
      " (1, 'a', '', 'a,b', '2024-01-31', '2024-01-31 10:00:00.5', '2024-01-31 10:00:00',"
      "  1, 1, 1.5, 'abc', 'ab', 2024),"
      " (2, 'bogus', 'bogus', 'a,zz', '0000-00-00', '0000-00-00 00:00:00',"
      "  '0000-00-00 00:00:00', 500, -1, 1000, 'abcdef', 'abcdef', 0),"
      " (3, '', 'a', '', '2004-00-15', '2004-01-00 10:00:00', NULL, -500, 70000, -1000, '',"
      "  '', 1900),"
      " (4, 7, 0, 'zz', 'garbage', '2004-13-01', NULL, NULL, NULL, 99.999, NULL, NULL, 2156)",
      "SET SESSION sql_mode = 'ALLOW_INVALID_DATES'",
      "INSERT INTO permissive (id, choice, day, moment) VALUES"
      " (5, 'b', '2004-02-31', '2004-04-31 23:59:59.99')",
      "SET SESSION sql_mode = DEFAULT",

      // MERGE tables show the rows of their base tables: a copy must not hold them twice.
      "CREATE TABLE part_one (id INT NOT NULL, v VARCHAR(10), KEY (id)) ENGINE=MyISAM",
      "CREATE TABLE part_two LIKE part_one",
      "INSERT INTO part_one VALUES (1, 'one'), (2, 'two')",
      "INSERT INTO part_two VALUES (3, 'three')",
      "CREATE TABLE parts_appendable (id INT NOT NULL, v VARCHAR(10), KEY (id)) ENGINE=MERGE"
      " UNION=(part_one, part_two) INSERT_METHOD=LAST",
      "CREATE TABLE parts_read_only (id INT NOT NULL, v VARCHAR(10), KEY (id)) ENGINE=MERGE"
      " UNION=(part_one, part_two)",

      // System-versioned tables with history rows: implicit periods, and named ones.
      "CREATE TABLE versioned (id INT PRIMARY KEY, v VARCHAR(10)) WITH SYSTEM VERSIONING",
      "INSERT INTO versioned VALUES (1, 'one'), (2, 'two')",
      "UPDATE versioned SET v = 'uno' WHERE id = 1",
      "DELETE FROM versioned WHERE id = 2",
      "CREATE TABLE versioned_named (id INT PRIMARY KEY, v INT,"
      " valid_from TIMESTAMP(6) GENERATED ALWAYS AS ROW START INVISIBLE,"
      " valid_to TIMESTAMP(6) GENERATED ALWAYS AS ROW END INVISIBLE,"
      " PERIOD FOR SYSTEM_TIME (valid_from, valid_to)) WITH SYSTEM VERSIONING",
      "INSERT INTO versioned_named VALUES (1, 1)",
      "UPDATE versioned_named SET v = 2",
      "UPDATE versioned_named SET v = 3",

      "CREATE SEQUENCE ticket_numbers START WITH 100 INCREMENT BY 5",
      // A sequence in its second round: SETVAL's fourth argument sets the rounds done.
      // With table options SHOW CREATE SEQUENCE leaves out (SHOW CREATE TABLE shows them).
      "CREATE SEQUENCE wheel MINVALUE 1 MAXVALUE 9 CYCLE MIN_ROWS=2 MAX_ROWS=10"
      " COMMENT='round ✓'",
      "DO SETVAL(wheel, 4, 0, 1)",
      "CREATE TABLE ticket (id INT NOT NULL DEFAULT NEXT VALUE FOR ticket_numbers PRIMARY KEY,"
      " title VARCHAR(20))",
      "INSERT INTO ticket (title) VALUES ('first'), ('second')",

      "INSERT INTO parent (name) VALUES ('Ada'), ('Grace'), ('Hedy')",
      "INSERT INTO child (parent_id, nickname) VALUES (1, 'ada jr'), (2, 'G'), (2, 'g')",
      "UPDATE parent SET favourite_child = 2 WHERE id = 2",

      // Routines made under a different sql_mode and client character set.
      "SET SESSION sql_mode = 'ANSI_QUOTES,PIPES_AS_CONCAT,STRICT_ALL_TABLES'",
      "CREATE PROCEDURE add_parent(IN new_name VARCHAR(100))"
      " BEGIN INSERT INTO \"parent\" (name) VALUES ('proc: ' || new_name); END",
      "CREATE FUNCTION greet(who VARCHAR(50)) RETURNS VARCHAR(100) DETERMINISTIC"
      " RETURN 'héllo 😀 ' || who",
      // A "..." identifier ending in a backslash: no escape under ANSI_QUOTES.
      "CREATE PROCEDURE quoted_names() SELECT 1 AS \"it's\\\"",
      "SET SESSION sql_mode = DEFAULT",
      // Views: names sort against their dependency order (a capture lists them by name); one
      // calls the function.
      "CREATE VIEW z_parent_names AS SELECT id, name, greet(name) AS greeting FROM parent",
      "CREATE VIEW a_top_parents AS SELECT name, greeting FROM z_parent_names WHERE id > 1",
      "CREATE ALGORITHM=MERGE SQL SECURITY INVOKER VIEW child_count AS SELECT p.name,"
      " COUNT(c.id) AS children, '漢字' AS label FROM parent p LEFT JOIN child c"
      " ON c.parent_id = p.id GROUP BY p.name",
      // Triggers: two on the same event whose order matters, one with Unicode in its body.
      "CREATE TRIGGER parent_trim BEFORE INSERT ON parent FOR EACH ROW"
      " SET NEW.name = TRIM(NEW.name)",
      "CREATE TRIGGER parent_shout BEFORE INSERT ON parent FOR EACH ROW FOLLOWS parent_trim"
      " SET NEW.name = CONCAT(NEW.name, '!')",
      "CREATE TRIGGER parent_audit AFTER INSERT ON parent FOR EACH ROW"
      " INSERT INTO audit_log (message) VALUES (CONCAT('added → ', NEW.name))",
      // Made by a latin1 client: their text must be read back in that character set.
      "SET NAMES latin1",
      "CREATE VIEW latin_words AS SELECT 'café' AS word, CONCAT(name, ' ñ') AS name FROM legacy",
      "CREATE TRIGGER child_default_nickname BEFORE INSERT ON child FOR EACH ROW"
      " SET NEW.nickname = COALESCE(NEW.nickname, 'ñiño')",
      "SET NAMES utf8mb4",
      // A string that is one backslash: no escape under NO_BACKSLASH_ESCAPES.
      "SET SESSION sql_mode = 'NO_BACKSLASH_ESCAPES'",
      "CREATE TRIGGER only_text_mark BEFORE INSERT ON only_text FOR EACH ROW"
      " SET NEW.value = CONCAT(NEW.value, '\\')",
      "SET SESSION sql_mode = DEFAULT",
      "CREATE EVENT nightly_cleanup ON SCHEDULE EVERY 1 DAY STARTS '2030-01-01 03:00:00'"
      " ON COMPLETION PRESERVE DISABLE COMMENT 'kept ✓'"
      " DO DELETE FROM audit_log WHERE id < 0",
  };
}

}  // namespace tdm::testing
