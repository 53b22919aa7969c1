CREATE TABLE `ordering_keys` (
	`client_id` int NOT NULL,
	`ordering_key` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
	`last_seq` bigint NOT NULL,
	CONSTRAINT `ordering_keys_client_id_ordering_key_pk` PRIMARY KEY(`client_id`,`ordering_key`)
);
--> statement-breakpoint
ALTER TABLE `tasks` MODIFY COLUMN `waiting_reason` enum('cap','open','paused','order');--> statement-breakpoint
ALTER TABLE `tasks` ADD `waiting_behind` char(36);--> statement-breakpoint
ALTER TABLE `tasks` ADD `ordering_key` varchar(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;--> statement-breakpoint
ALTER TABLE `tasks` ADD `ordering_seq` bigint;--> statement-breakpoint
ALTER TABLE `tasks` ADD `ordering_open_seq` bigint GENERATED ALWAYS AS (IF(`status` IN ('queued','retrying'), `ordering_seq`, NULL)) VIRTUAL;--> statement-breakpoint
CREATE INDEX `tasks_ordering_idx` ON `tasks` (`client_id`,`ordering_key`,`ordering_open_seq`);