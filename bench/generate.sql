-- Laravel-like reference data for the benchmark: UUID keys, foreign keys, JSON, timestamps.
-- Set @scale first: 1 gives ~50k rows, a 12.6 MB mariadb-dump file and 29 MB of InnoDB data
-- and indexes; fractions work (bench/run.sh uses 0.8 for ~10 MB and 4 for ~50 MB of dump).
-- Uses MariaDB's SEQUENCE engine (seq_1_to_N), so the data is built server-side without a
-- client-side generator.
SET @scale = COALESCE(@scale, 1);
SET foreign_key_checks = 0;

CREATE TABLE organizations (
  id CHAR(36) NOT NULL PRIMARY KEY,
  slug VARCHAR(64) NOT NULL UNIQUE,
  name VARCHAR(190) NOT NULL,
  settings JSON NOT NULL,
  created_at TIMESTAMP NULL, updated_at TIMESTAMP NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE users (
  id CHAR(36) NOT NULL PRIMARY KEY,
  organization_id CHAR(36) NOT NULL,
  name VARCHAR(190) NOT NULL,
  email VARCHAR(190) NOT NULL UNIQUE,
  email_verified_at TIMESTAMP NULL,
  password VARCHAR(255) NOT NULL,
  remember_token VARCHAR(100) NULL,
  preferences JSON NULL,
  created_at TIMESTAMP NULL, updated_at TIMESTAMP NULL,
  KEY users_organization_id_index (organization_id),
  CONSTRAINT users_organization_id_foreign FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE projects (
  id CHAR(36) NOT NULL PRIMARY KEY,
  organization_id CHAR(36) NOT NULL,
  owner_id CHAR(36) NOT NULL,
  title VARCHAR(190) NOT NULL,
  status ENUM('draft','active','archived') NOT NULL DEFAULT 'draft',
  budget DECIMAL(12,2) NULL,
  metadata JSON NULL,
  created_at TIMESTAMP NULL, updated_at TIMESTAMP NULL,
  KEY projects_status_index (status),
  CONSTRAINT projects_organization_id_foreign FOREIGN KEY (organization_id) REFERENCES organizations (id) ON DELETE CASCADE,
  CONSTRAINT projects_owner_id_foreign FOREIGN KEY (owner_id) REFERENCES users (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE tasks (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  uuid CHAR(36) NOT NULL UNIQUE,
  project_id CHAR(36) NOT NULL,
  assignee_id CHAR(36) NULL,
  title VARCHAR(190) NOT NULL,
  body TEXT NULL,
  due_at DATETIME(6) NULL,
  created_at TIMESTAMP NULL, updated_at TIMESTAMP NULL,
  KEY tasks_project_id_index (project_id),
  CONSTRAINT tasks_project_id_foreign FOREIGN KEY (project_id) REFERENCES projects (id) ON DELETE CASCADE,
  CONSTRAINT tasks_assignee_id_foreign FOREIGN KEY (assignee_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE audit_logs (
  id BIGINT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
  user_id CHAR(36) NULL,
  event VARCHAR(64) NOT NULL,
  payload JSON NOT NULL,
  created_at TIMESTAMP NULL,
  KEY audit_logs_user_id_index (user_id),
  CONSTRAINT audit_logs_user_id_foreign FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Deterministic "UUIDs" (MD5 of a label and a number) so two runs give the same checksums.
CREATE FUNCTION bench_uuid(label VARCHAR(16), n BIGINT) RETURNS CHAR(36) DETERMINISTIC
  RETURN INSERT(INSERT(INSERT(INSERT(LEFT(MD5(CONCAT(label, n)), 32), 9, 0, '-'), 14, 0, '-'), 19, 0, '-'), 24, 0, '-');

-- Whole numbers: a fractional count would turn `1 + seq % @orgs` into '2.0', a key no row has.
SET @orgs = CAST(ROUND(50 * @scale) AS UNSIGNED), @users = CAST(ROUND(5000 * @scale) AS UNSIGNED),
    @projects = CAST(ROUND(5000 * @scale) AS UNSIGNED),
    @tasks = CAST(ROUND(25000 * @scale) AS UNSIGNED), @logs = CAST(ROUND(15000 * @scale) AS UNSIGNED);

INSERT INTO organizations
SELECT bench_uuid('org', seq), CONCAT('org-', seq), CONCAT('Organization ', seq, ' GmbH & Co. KG'),
       JSON_OBJECT('plan', ELT(1 + seq % 3, 'free', 'team', 'enterprise'), 'seats', seq * 7, 'locale', 'de_DE'),
       TIMESTAMP('2025-01-01') + INTERVAL seq HOUR, TIMESTAMP('2025-01-01') + INTERVAL seq HOUR
FROM seq_1_to_1000000 WHERE seq <= @orgs;

INSERT INTO users
SELECT bench_uuid('user', seq), bench_uuid('org', 1 + seq % @orgs), CONCAT('User Ñame ', seq),
       CONCAT('user', seq, '@example.test'), IF(seq % 5 = 0, NULL, TIMESTAMP('2025-02-01') + INTERVAL seq MINUTE),
       CONCAT('$2y$10$', LEFT(SHA2(CONCAT('pw', seq), 256), 53)), IF(seq % 3 = 0, NULL, LEFT(MD5(seq), 60)),
       JSON_OBJECT('theme', IF(seq % 2, 'dark', 'light'), 'notifications', JSON_ARRAY('mail', 'slack'), 'tz', 'Europe/Berlin'),
       TIMESTAMP('2025-02-01') + INTERVAL seq MINUTE, TIMESTAMP('2025-02-01') + INTERVAL seq MINUTE
FROM seq_1_to_1000000 WHERE seq <= @users;

INSERT INTO projects
SELECT bench_uuid('project', seq), bench_uuid('org', 1 + seq % @orgs), bench_uuid('user', 1 + seq % @users),
       CONCAT('Project "', seq, '" — rollout'), ELT(1 + seq % 3, 'draft', 'active', 'archived'),
       IF(seq % 7 = 0, NULL, (seq * 137) % 1000000 + 0.25),
       JSON_OBJECT('tags', JSON_ARRAY(CONCAT('t', seq % 11), CONCAT('t', seq % 13)), 'priority', seq % 5),
       TIMESTAMP('2025-03-01') + INTERVAL seq MINUTE, TIMESTAMP('2025-03-01') + INTERVAL seq MINUTE
FROM seq_1_to_1000000 WHERE seq <= @projects;

INSERT INTO tasks (uuid, project_id, assignee_id, title, body, due_at, created_at, updated_at)
SELECT bench_uuid('task', seq), bench_uuid('project', 1 + seq % @projects),
       IF(seq % 4 = 0, NULL, bench_uuid('user', 1 + seq % @users)),
       CONCAT('Task ', seq), CONCAT('Line one\nLine\ttwo with \\ backslash and \'quotes\' ', REPEAT('x', seq % 120)),
       TIMESTAMP('2025-06-01') + INTERVAL seq SECOND + INTERVAL (seq % 1000) MICROSECOND,
       TIMESTAMP('2025-04-01') + INTERVAL seq SECOND, TIMESTAMP('2025-04-01') + INTERVAL seq SECOND
FROM seq_1_to_10000000 WHERE seq <= @tasks;

INSERT INTO audit_logs (user_id, event, payload, created_at)
SELECT IF(seq % 9 = 0, NULL, bench_uuid('user', 1 + seq % @users)), ELT(1 + seq % 4, 'login', 'update', 'export', 'delete'),
       JSON_OBJECT('ip', CONCAT('10.0.', seq % 256, '.', seq % 254), 'agent', 'Mozilla/5.0', 'n', seq),
       TIMESTAMP('2025-05-01') + INTERVAL seq SECOND
FROM seq_1_to_10000000 WHERE seq <= @logs;

DROP FUNCTION bench_uuid;
SET foreign_key_checks = 1;
