ALTER TABLE `tasks` MODIFY COLUMN `waiting_reason` enum('cap','open','paused','order','quota');--> statement-breakpoint
ALTER TABLE `api_clients` ADD `allowed_target_cidrs` json;--> statement-breakpoint
ALTER TABLE `api_clients` ADD `allowed_caller_cidrs` json;--> statement-breakpoint
ALTER TABLE `api_clients` ADD `quotas` json;--> statement-breakpoint
ALTER TABLE `api_clients` ADD `previous_secret_hash` char(64);--> statement-breakpoint
ALTER TABLE `api_clients` ADD `previous_secret_expires_at` datetime(3);--> statement-breakpoint
ALTER TABLE `api_clients` ADD `secret_rotated_at` datetime(3);--> statement-breakpoint
ALTER TABLE `api_clients` ADD `last_used_at` datetime(3);--> statement-breakpoint
ALTER TABLE `api_clients` ADD `sign_callbacks` boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `api_clients` ADD `signing_secret_enc` text;--> statement-breakpoint
ALTER TABLE `api_clients` ADD `previous_signing_secret_enc` text;--> statement-breakpoint
ALTER TABLE `api_clients` ADD `previous_signing_secret_expires_at` datetime(3);--> statement-breakpoint
ALTER TABLE `api_clients` ADD `outbound` json;--> statement-breakpoint
ALTER TABLE `users` ADD `session_version` int DEFAULT 0 NOT NULL;