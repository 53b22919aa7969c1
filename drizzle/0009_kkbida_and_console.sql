CREATE TABLE `kkbida_imports` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`source` varchar(255) NOT NULL,
	`kind` enum('task','webhook','client') NOT NULL,
	`kkbida_id` varchar(64) NOT NULL,
	`bida_id` varchar(64),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `kkbida_imports_id` PRIMARY KEY(`id`),
	CONSTRAINT `kkbida_imports_uq` UNIQUE(`source`,`kind`,`kkbida_id`)
);
--> statement-breakpoint
ALTER TABLE `tasks` ADD `expires_at` datetime(3);--> statement-breakpoint
ALTER TABLE `tasks` ADD `external_id` varchar(64);--> statement-breakpoint
ALTER TABLE `tasks` ADD `replay_of` char(36);--> statement-breakpoint
ALTER TABLE `attempts` ADD `url` varchar(2048);--> statement-breakpoint
ALTER TABLE `attempts` ADD `response_headers` json;--> statement-breakpoint
ALTER TABLE `api_clients` ADD `kkbida_password_hash` varchar(255);--> statement-breakpoint
ALTER TABLE `users` ADD `locale` varchar(16);--> statement-breakpoint
ALTER TABLE `alert_channels` ADD `locale` varchar(16) DEFAULT 'en' NOT NULL;--> statement-breakpoint
CREATE INDEX `tasks_external_idx` ON `tasks` (`external_id`);--> statement-breakpoint
CREATE INDEX `tasks_expires_idx` ON `tasks` (`expires_at`);