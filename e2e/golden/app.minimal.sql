-- TDM golden baseline: the accepted state of a fixture's data, as a portable SQL script.
-- contents: 8 tables, 116 rows, 0 sequences, 0 routines/views/triggers/events
-- Rows are in the order their table keeps them (primary-key order for InnoDB), one per line: review a change to it as any text.

SET @tdm_old_character_set_client = @@character_set_client,
    @tdm_old_character_set_results = @@character_set_results,
    @tdm_old_collation_connection = @@collation_connection,
    @tdm_old_time_zone = @@time_zone, @tdm_old_sql_mode = @@sql_mode,
    @tdm_old_foreign_key_checks = @@foreign_key_checks,
    @tdm_old_unique_checks = @@unique_checks, @tdm_old_sql_notes = @@sql_notes;
/*M!100201 SET @tdm_old_check_constraint_checks = @@check_constraint_checks, check_constraint_checks = 0 */;
SET NAMES utf8mb4;
SET time_zone = '+00:00', sql_mode = 'NO_AUTO_VALUE_ON_ZERO,NO_ENGINE_SUBSTITUTION,ALLOW_INVALID_DATES',
    foreign_key_checks = 0, unique_checks = 0, sql_notes = 0;

-- Table `knex_migrations`
DROP TABLE IF EXISTS `knex_migrations`;
CREATE TABLE `knex_migrations` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `name` varchar(255) DEFAULT NULL,
  `batch` int(11) DEFAULT NULL,
  `migration_time` timestamp NULL DEFAULT NULL,
  PRIMARY KEY (`id`)
) ENGINE=InnoDB AUTO_INCREMENT=6 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Table `knex_migrations_lock`
DROP TABLE IF EXISTS `knex_migrations_lock`;
CREATE TABLE `knex_migrations_lock` (
  `index` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `is_locked` int(11) DEFAULT NULL,
  PRIMARY KEY (`index`)
) ENGINE=InnoDB AUTO_INCREMENT=2 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci;

-- Table `labels`
DROP TABLE IF EXISTS `labels`;
CREATE TABLE `labels` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `project_id` int(10) unsigned NOT NULL,
  `name` varchar(64) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `labels_project_id_name_unique` (`project_id`,`name`),
  CONSTRAINT `labels_project_id_foreign` FOREIGN KEY (`project_id`) REFERENCES `projects` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Table `organizations`
DROP TABLE IF EXISTS `organizations`;
CREATE TABLE `organizations` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `uuid` char(36) NOT NULL,
  `slug` varchar(64) NOT NULL,
  `name` varchar(191) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `organizations_uuid_unique` (`uuid`),
  UNIQUE KEY `organizations_slug_unique` (`slug`)
) ENGINE=InnoDB AUTO_INCREMENT=11 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Table `projects`
DROP TABLE IF EXISTS `projects`;
CREATE TABLE `projects` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `organization_id` int(10) unsigned NOT NULL,
  `owner_id` int(10) unsigned NOT NULL,
  `title` varchar(191) NOT NULL,
  `status` enum('draft','active','archived') NOT NULL DEFAULT 'draft',
  `budget` decimal(12,2) NOT NULL DEFAULT 0.00,
  `description` text DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `projects_owner_id_foreign` (`owner_id`),
  KEY `projects_organization_id_status_index` (`organization_id`,`status`),
  CONSTRAINT `projects_organization_id_foreign` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE CASCADE,
  CONSTRAINT `projects_owner_id_foreign` FOREIGN KEY (`owner_id`) REFERENCES `users` (`id`)
) ENGINE=InnoDB AUTO_INCREMENT=31 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Table `roles`
DROP TABLE IF EXISTS `roles`;
CREATE TABLE `roles` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `name` varchar(32) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `roles_name_unique` (`name`)
) ENGINE=InnoDB AUTO_INCREMENT=4 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Table `tasks`
DROP TABLE IF EXISTS `tasks`;
CREATE TABLE `tasks` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `project_id` int(10) unsigned NOT NULL,
  `assignee_id` int(10) unsigned DEFAULT NULL,
  `title` varchar(191) NOT NULL,
  `done` tinyint(1) NOT NULL DEFAULT 0,
  `due_on` date DEFAULT NULL,
  PRIMARY KEY (`id`),
  KEY `tasks_project_id_foreign` (`project_id`),
  KEY `tasks_assignee_id_foreign` (`assignee_id`),
  CONSTRAINT `tasks_assignee_id_foreign` FOREIGN KEY (`assignee_id`) REFERENCES `users` (`id`) ON DELETE SET NULL,
  CONSTRAINT `tasks_project_id_foreign` FOREIGN KEY (`project_id`) REFERENCES `projects` (`id`) ON DELETE CASCADE
) ENGINE=InnoDB AUTO_INCREMENT=28 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- Table `users`
DROP TABLE IF EXISTS `users`;
CREATE TABLE `users` (
  `id` int(10) unsigned NOT NULL AUTO_INCREMENT,
  `uuid` char(36) NOT NULL,
  `organization_id` int(10) unsigned NOT NULL,
  `role_id` int(10) unsigned NOT NULL,
  `name` varchar(191) NOT NULL,
  `email` varchar(191) NOT NULL,
  `settings` longtext CHARACTER SET utf8mb4 COLLATE utf8mb4_bin DEFAULT NULL CHECK (json_valid(`settings`)),
  `created_at` datetime(6) NOT NULL,
  PRIMARY KEY (`id`),
  UNIQUE KEY `users_uuid_unique` (`uuid`),
  UNIQUE KEY `users_email_unique` (`email`),
  KEY `users_organization_id_foreign` (`organization_id`),
  KEY `users_role_id_foreign` (`role_id`),
  CONSTRAINT `users_organization_id_foreign` FOREIGN KEY (`organization_id`) REFERENCES `organizations` (`id`) ON DELETE CASCADE,
  CONSTRAINT `users_role_id_foreign` FOREIGN KEY (`role_id`) REFERENCES `roles` (`id`)
) ENGINE=InnoDB AUTO_INCREMENT=41 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

SET NAMES binary;

-- Data of `projects` (30 rows)
INSERT INTO `projects` (`id`, `organization_id`, `owner_id`, `title`, `status`, `budget`, `description`) VALUES
('1', '1', '21', 'Practical Bamboo Chair', 'draft', '65420.52', NULL),
('2', '1', '1', 'Elegant Plastic Chips', 'active', '114184.20', NULL),
('3', '1', '24', 'Generic Cotton Fish', 'archived', '115014.78', NULL),
('4', '2', '8', 'Gorgeous Aluminum Shirt', 'draft', '121272.88', NULL),
('5', '2', '34', 'Bespoke Concrete Mouse', 'active', '153538.30', NULL),
('6', '2', '34', 'Practical Bamboo Fish', 'archived', '33790.14', NULL),
('7', '3', '17', 'Handmade Aluminum Tuna', 'draft', '61237.42', NULL),
('8', '3', '27', 'Frozen Cotton Hat', 'active', '127555.20', NULL),
('9', '3', '10', 'Awesome Silk Keyboard', 'archived', '18108.26', NULL),
('10', '3', '27', 'Practical Metal Chips', 'draft', '127047.89', NULL),
('11', '6', '19', 'Intelligent Ceramic Gloves', 'active', '51406.79', NULL),
('12', '1', '21', 'Refined Marble Ball', 'archived', '146002.14', NULL),
('13', '6', '22', 'Oriental Metal Pizza', 'archived', '118893.50', NULL),
('14', '10', '23', 'Small Marble Hat', 'draft', '51754.29', NULL),
('15', '1', '24', 'Electronic Bamboo Salad', 'archived', '172925.10', NULL),
('16', '5', '38', 'Small Ceramic Towels', 'draft', '55225.93', NULL),
('17', '1', '21', 'Luxurious Aluminum Keyboard', 'active', '140894.29', NULL),
('18', '3', '3', 'Frozen Silk Pants', 'draft', '110213.21', NULL),
('19', '6', '19', 'Ergonomic Bamboo Shoes', 'draft', '66132.40', NULL),
('20', '7', '14', 'Sleek Aluminum Chair', 'archived', '231651.34', NULL),
('21', '5', '31', 'Frozen Gold Towels', 'archived', '88251.63', NULL),
('22', '6', '22', 'Handcrafted Steel Keyboard', 'active', '183168.03', NULL),
('23', '9', '26', 'Awesome Aluminum Shirt', 'active', '187631.13', NULL),
('24', '7', '14', 'Unbranded Plastic Bike', 'active', '208732.54', NULL),
('25', '5', '31', 'Refined Bronze Chair', 'active', '185741.84', NULL),
('26', '1', '21', 'Intelligent Wooden Chair', 'active', '249360.26', NULL),
('27', '7', '14', 'Oriental Metal Shirt', 'active', '198903.76', NULL),
('28', '10', '35', 'Small Metal Cheese', 'archived', '60821.93', NULL),
('29', '1', '1', 'Practical Bronze Sausages', 'draft', '166532.11', NULL),
('30', '2', '34', 'Electronic Bronze Ball', 'archived', '75515.59', NULL);

-- Data of `users` (40 rows)
INSERT INTO `users` (`id`, `uuid`, `organization_id`, `role_id`, `name`, `email`, `settings`, `created_at`) VALUES
('1', '907022a2-3d1a-4e33-b48c-8dbe5fb97bbc', '1', '1', 'Alice Anderson', 'alice@acme.test', '{"theme":"light","locale":"de","notifications":true}', '2024-01-26 08:43:24.584000'),
('2', '04385abc-33d0-43e6-a6cf-85183516a36a', '2', '2', 'Bob Brown', 'bob@globex.test', '{"theme":"system","locale":"ja","notifications":true}', '2023-05-30 17:43:32.852000'),
('3', '9522589e-9c76-42fa-a9f6-b51980e7f5df', '3', '3', 'Chloé Dubois', 'chloe@initech.test', '{"theme":"dark","locale":"ja","notifications":false}', '2024-02-13 21:34:23.678000'),
('4', 'e34e2fa0-b0d0-4026-90d4-263cbd53280a', '8', '2', 'Shaylee Leuschke', 'shaylee.leuschke.3@kilback-d-amore.test', '{"theme":"light","locale":"ja","notifications":false}', '2023-05-13 11:52:54.154000'),
('5', '4429731c-9c5f-4ae6-9a40-6d7927ce3b17', '4', '3', 'Fanny Haley', 'fanny.haley.4@lemke-llc.test', '{"theme":"light","locale":"en","notifications":false}', '2023-08-30 03:16:27.679000'),
('6', '17dbc2df-2505-4667-9394-ec946c1d9af7', '6', '3', 'Sydni Waelchi', 'sydni.waelchi.5@block-rogahn-and-dare.test', '{"theme":"light","locale":"en","notifications":true}', '2023-01-16 20:24:46.422000'),
('7', '3c5cd83b-746b-4b27-b05a-c4d946e5c1ff', '8', '3', 'Nickolas Mohr', 'nickolas.mohr.6@kilback-d-amore.test', '{"theme":"light","locale":"ja","notifications":false}', '2023-10-07 04:07:10.608000'),
('8', '4908a317-53c4-42e6-b693-795ca6d551b1', '2', '2', 'Ben Okuneva-Renner', 'ben.okunevarenner.7@globex.test', '{"theme":"system","locale":"de","notifications":true}', '2024-09-21 01:59:32.218000'),
('9', 'f83d1f9d-4217-4f14-af8e-2e44cbea10ba', '8', '3', 'Jason Jacobi', 'jason.jacobi.8@kilback-d-amore.test', '{"theme":"system","locale":"ja","notifications":false}', '2024-04-01 17:59:24.150000'),
('10', '0d6002a1-e134-4cdc-8890-53ba58d18591', '3', '3', 'Betty Hauck', 'betty.hauck.9@initech.test', '{"theme":"dark","locale":"de","notifications":true}', '2023-10-21 01:55:12.826000'),
('11', 'a1412eff-5430-4a1f-a89f-1fda21cb42db', '10', '3', 'Jackie Wolf', 'jackie.wolf.10@renner-grimes-and-dach.test', '{"theme":"system","locale":"ja","notifications":false}', '2024-05-13 12:51:03.587000'),
('12', '57e099aa-874e-42cc-ac26-1036a72d2271', '10', '3', 'Franco Hirthe', 'franco.hirthe.11@renner-grimes-and-dach.test', '{"theme":"dark","locale":"de","notifications":false}', '2023-07-07 09:29:55.498000'),
('13', '1e452eaa-1ad2-4ef5-87e9-47ee587406a8', '8', '3', 'Asia Schamberger', 'asia.schamberger.12@kilback-d-amore.test', '{"theme":"system","locale":"en","notifications":true}', '2024-12-17 12:33:19.320000'),
('14', '07f86bf1-9302-4fa6-b6a1-23f714ff8253', '7', '2', 'Oliver O''Keefe', 'oliver.okeefe.13@weber-prohaska.test', '{"theme":"dark","locale":"en","notifications":false}', '2023-11-25 06:42:40.223000'),
('15', '4d71932f-7eb9-4917-834f-11b12dff00c5', '4', '2', 'Clarence Howe', 'clarence.howe.14@lemke-llc.test', '{"theme":"dark","locale":"fr","notifications":true}', '2024-11-27 11:22:37.949000'),
('16', 'a9f9e921-06b9-4497-b2c2-909ef548825a', '4', '2', 'Cheyanne Hintz', 'cheyanne.hintz.15@lemke-llc.test', '{"theme":"light","locale":"en","notifications":true}', '2024-08-15 13:25:31.033000'),
('17', '81f2f5d3-09da-469e-b795-88f7dbde2e29', '3', '2', 'Trenton Gleason', 'trenton.gleason.16@initech.test', '{"theme":"dark","locale":"en","notifications":false}', '2024-06-17 14:40:57.300000'),
('18', '693a5e26-e078-442b-a43e-39395b348181', '6', '3', 'Berry Abbott', 'berry.abbott.17@block-rogahn-and-dare.test', '{"theme":"system","locale":"de","notifications":false}', '2023-04-21 11:01:30.595000'),
('19', '8f1e47c6-e93f-4d53-b5a8-b90da26ed3ad', '6', '2', 'Maritza Ruecker', 'maritza.ruecker.18@block-rogahn-and-dare.test', '{"theme":"light","locale":"ja","notifications":false}', '2024-02-12 12:56:13.290000'),
('20', '0fd8c919-3052-47a2-a380-fa927577b158', '8', '3', 'Kathryn Rosenbaum', 'kathryn.rosenbaum.19@kilback-d-amore.test', '{"theme":"system","locale":"de","notifications":false}', '2024-10-18 11:43:45.746000'),
('21', '408555ec-0e94-4aa7-bd35-4278b795e4b9', '1', '2', 'Jerome Hagenes', 'jerome.hagenes.20@acme.test', '{"theme":"light","locale":"de","notifications":false}', '2023-10-19 10:05:20.452000'),
('22', '34ae5745-4737-46fb-a5e5-e55d3b6ac397', '6', '3', 'Margret Kilback', 'margret.kilback.21@block-rogahn-and-dare.test', '{"theme":"system","locale":"de","notifications":true}', '2024-07-12 05:56:11.627000'),
('23', '53c2506d-0b44-4311-b217-930982ff8b4a', '10', '3', 'Larue Ledner', 'larue.ledner.22@renner-grimes-and-dach.test', '{"theme":"system","locale":"fr","notifications":false}', '2024-03-08 20:50:35.548000'),
('24', 'de2bd6bb-e997-42ca-96f5-d8482ed152b9', '1', '1', 'Justine Kris', 'justine.kris.23@acme.test', '{"theme":"dark","locale":"de","notifications":false}', '2024-02-02 01:41:26.269000'),
('25', 'c4f59f87-1183-4e21-99c6-07e90bb0b197', '9', '3', 'Reuben Pollich', 'reuben.pollich.24@weber-carter-balistreri.test', '{"theme":"system","locale":"de","notifications":true}', '2023-12-06 08:37:48.373000'),
('26', '640a0290-3d69-46c8-83d1-f7a2d04bfd3e', '9', '3', 'Audra Hermann', 'audra.hermann.25@weber-carter-balistreri.test', '{"theme":"light","locale":"de","notifications":true}', '2024-03-27 11:33:13.455000'),
('27', '4d303f67-2318-4288-9128-1cc3596a53ab', '3', '3', 'Telly Huels', 'telly.huels.26@initech.test', '{"theme":"dark","locale":"ja","notifications":true}', '2024-02-21 12:28:14.335000'),
('28', '17e4a346-de6d-4e3d-a16f-84b7a8e334e5', '10', '2', 'Ed Adams-Franecki', 'ed.adamsfranecki.27@renner-grimes-and-dach.test', '{"theme":"light","locale":"ja","notifications":true}', '2024-07-18 22:48:23.178000'),
('29', '4473a358-fd7e-4265-8852-91708c38db0e', '9', '3', 'Diana Volkman', 'diana.volkman.28@weber-carter-balistreri.test', '{"theme":"dark","locale":"en","notifications":true}', '2024-10-08 14:30:43.821000'),
('30', '47167f81-f0a1-44bb-8e2d-2167ba2b3e16', '9', '3', 'Tyrese Jacobi', 'tyrese.jacobi.29@weber-carter-balistreri.test', '{"theme":"light","locale":"fr","notifications":false}', '2023-06-25 16:35:54.541000'),
('31', 'f183b237-24a2-44c9-b350-4d9fefc521c8', '5', '3', 'Kayleigh Swift', 'kayleigh.swift.30@tillman-group.test', '{"theme":"system","locale":"ja","notifications":true}', '2023-08-02 04:12:40.381000'),
('32', '5818c4d6-235e-492b-b3b4-c78263235f24', '10', '2', 'Simone Mertz', 'simone.mertz.31@renner-grimes-and-dach.test', '{"theme":"light","locale":"de","notifications":false}', '2024-03-14 19:40:01.530000'),
('33', '5f48d703-26e4-4891-bc29-99395791475e', '6', '3', 'Leslie Breitenberg', 'leslie.breitenberg.32@block-rogahn-and-dare.test', '{"theme":"light","locale":"fr","notifications":false}', '2023-11-23 02:11:44.974000'),
('34', 'b88f25da-e1ce-4454-afe7-f9987ec0de0c', '2', '3', 'Lilian Heller', 'lilian.heller.33@globex.test', '{"theme":"system","locale":"de","notifications":true}', '2023-01-31 02:56:33.539000'),
('35', '4990e19b-1cb3-4f82-a1c1-fe9147212205', '10', '3', 'Peyton Will', 'peyton.will.34@renner-grimes-and-dach.test', '{"theme":"dark","locale":"fr","notifications":false}', '2024-11-03 22:47:10.641000'),
('36', 'f7299a68-2408-42ec-9529-3894322c4420', '9', '3', 'August Hermann', 'august.hermann.35@weber-carter-balistreri.test', '{"theme":"system","locale":"ja","notifications":false}', '2024-04-25 10:45:47.608000'),
('37', '536b0791-9306-4595-8020-92df9a2dc7cb', '8', '2', 'Eduardo Schuppe', 'eduardo.schuppe.36@kilback-d-amore.test', '{"theme":"dark","locale":"de","notifications":false}', '2024-03-18 14:52:02.621000'),
('38', '3ea3ae64-f63e-4ad7-b4a2-c39c6d4c2bc6', '5', '3', 'Ulises MacGyver', 'ulises.macgyver.37@tillman-group.test', '{"theme":"dark","locale":"fr","notifications":true}', '2023-01-26 13:07:43.700000'),
('39', '7c5b1b9f-dbaa-4e25-a785-1338bf39855a', '9', '3', 'Jefferey Schneider', 'jefferey.schneider.38@weber-carter-balistreri.test', '{"theme":"light","locale":"fr","notifications":true}', '2023-10-12 13:33:38.075000'),
('40', 'e053d690-1177-40fa-b3d5-126d778bf68e', '9', '3', 'Deion Beer-Batz', 'deion.beerbatz.39@weber-carter-balistreri.test', '{"theme":"dark","locale":"de","notifications":true}', '2023-05-07 22:18:36.847000');

-- Data of `tasks` (27 rows)
INSERT INTO `tasks` (`id`, `project_id`, `assignee_id`, `title`, `done`, `due_on`) VALUES
('1', '1', '1', 'overriding the monitor won''t do anything, we need to synthesize the cross-platform DRAM system!', '0', '2025-03-16'),
('2', '1', '21', 'overriding the feed won''t do anything, we need to connect the neural VGA capacitor!', '0', '2025-04-25'),
('3', '3', NULL, 'We need to parse the auxiliary SMS panel!', '1', '2025-04-13'),
('4', '5', '2', 'Try to synthesize the GB bus, maybe it will transmit the back-end monitor!', '1', '2025-04-15'),
('5', '6', NULL, 'We need to index the open-source RSS hard drive!', '1', '2025-05-20'),
('6', '7', '27', 'I''ll compress the multi-byte USB monitor, that should card the VGA protocol!', '0', '2025-11-28'),
('7', '8', '10', 'If we synthesize the circuit, we can get to the SCSI firewall through the bluetooth JSON protocol!', '0', '2025-06-13'),
('8', '10', '27', 'I''ll quantify the auxiliary IP firewall, that should transmitter the GB microchip!', '0', '2025-10-24'),
('9', '11', '33', 'Use the auxiliary PCI sensor, then you can parse the back-end bus!', '0', '2025-01-09'),
('10', '11', '33', 'We need to program the 1080p COM sensor!', '0', '2025-12-29'),
('11', '12', '24', 'If we generate the firewall, we can get to the CSS monitor through the wireless USB protocol!', '0', '2025-05-14'),
('12', '14', '35', 'We need to parse the multi-byte RSS matrix!', '0', '2025-10-18'),
('13', '14', NULL, 'You can''t hack the program without navigating the multi-byte OCR pixel!', '0', '2025-08-25'),
('14', '15', '24', 'You can''t calculate the program without parsing the haptic TLS capacitor!', '1', '2025-03-09'),
('15', '18', '3', 'The UDP panel is down, bypass the 1080p alarm so we can copy the OCR bus!', '1', '2025-11-12'),
('16', '19', '22', 'Try to quantify the SQL program, maybe it will program the optical transmitter!', '1', '2025-03-07'),
('17', '20', '14', 'We need to reboot the back-end CSS pixel!', '1', '2025-05-22'),
('18', '22', '33', 'The PCI interface is down, transmit the redundant bus so we can transmit the IP program!', '1', '2025-02-24'),
('19', '23', '36', 'Try to quantify the RAM circuit, maybe it will calculate the mobile card!', '0', '2025-02-02'),
('20', '23', NULL, 'Use the digital CSS array, then you can copy the online pixel!', '1', '2025-08-28'),
('21', '24', '14', 'The RSS microchip is down, back up the back-end sensor so we can transmit the IB alarm!', '0', '2025-09-23'),
('22', '26', '21', 'If we quantify the bandwidth, we can get to the SCSI firewall through the 1080p OCR capacitor!', '0', '2025-11-03'),
('23', '27', '14', 'You can''t generate the array without hacking the bluetooth ASCII driver!', '1', '2025-02-09'),
('24', '28', '35', 'You can''t navigate the array without programming the neural PCI feed!', '1', '2025-12-15'),
('25', '28', NULL, 'You can''t hack the transmitter without transmitting the open-source ADP capacitor!', '0', '2025-09-15'),
('26', '30', '34', 'If we generate the transmitter, we can get to the FTP system through the 1080p TCP bus!', '0', '2025-04-04'),
('27', '30', '8', 'Use the cross-platform AI system, then you can bypass the optical port!', '1', '2025-11-27');

-- Data of `organizations` (10 rows)
INSERT INTO `organizations` (`id`, `uuid`, `slug`, `name`) VALUES
('1', '13a11125-7aa5-47a8-ad29-08bf78a32024', 'acme', 'Acme Corporation'),
('2', '51a21504-57d7-4a2f-8751-dfc2aa0ff7ca', 'globex', 'Globex Corporation'),
('3', '07b9c807-3d99-4dca-826d-b0e57baf5216', 'initech', 'Initech'),
('4', 'e3fec9ab-6e60-4da8-8c40-f88d0ce91c79', 'lemke-llc', 'Lemke LLC'),
('5', '17315cad-e5c3-441c-8d88-244b02631770', 'tillman-group', 'Tillman Group'),
('6', 'f72390b0-2acf-4e12-add6-6d971e7732dc', 'block-rogahn-and-dare', 'Block, Rogahn and Dare'),
('7', 'ce613ed7-8b01-42c4-8410-f7f1e2726dc0', 'weber-prohaska', 'Weber - Prohaska'),
('8', '9a6feb01-3757-4c52-838e-5c56dce7ea4e', 'kilback-d-amore', 'Kilback - D''Amore'),
('9', 'bc939560-a5ac-4303-8e38-1a5997297339', 'weber-carter-balistreri', 'Weber-Carter - Balistreri'),
('10', '5c746f47-bc06-477f-88ae-51e14d0c979b', 'renner-grimes-and-dach', 'Renner, Grimes and Dach');

-- Data of `knex_migrations` (5 rows)
INSERT INTO `knex_migrations` (`id`, `name`, `batch`, `migration_time`) VALUES
('1', '20250101000001_create_organizations_and_roles.js', '1', '2026-12-02 06:19:02'),
('2', '20250101000002_create_users.js', '1', '2026-12-02 06:19:02'),
('3', '20250101000003_create_projects.js', '1', '2026-12-02 06:19:02'),
('4', '20250101000004_create_tasks.js', '1', '2026-12-02 06:19:03'),
('5', '20250201000001_add_labels_and_project_descriptions.js', '1', '2026-12-02 06:19:03');

-- Data of `roles` (3 rows)
INSERT INTO `roles` (`id`, `name`) VALUES
('1', 'admin'),
('2', 'editor'),
('3', 'viewer');

-- Data of `knex_migrations_lock` (1 rows)
INSERT INTO `knex_migrations_lock` (`index`, `is_locked`) VALUES
('1', '0');

SET NAMES utf8mb4;

SET character_set_client = @tdm_old_character_set_client,
    character_set_results = @tdm_old_character_set_results,
    collation_connection = @tdm_old_collation_connection,
    time_zone = @tdm_old_time_zone, sql_mode = @tdm_old_sql_mode,
    foreign_key_checks = @tdm_old_foreign_key_checks,
    unique_checks = @tdm_old_unique_checks, sql_notes = @tdm_old_sql_notes;
/*M!100201 SET check_constraint_checks = @tdm_old_check_constraint_checks */;
-- End of TDM export
