ALTER TABLE `alert_channels` ADD `format` enum('text','markdown') DEFAULT 'text' NOT NULL;--> statement-breakpoint
ALTER TABLE `alerts` ADD `message` mediumtext;--> statement-breakpoint
ALTER TABLE `alerts` ADD `folded_into` bigint unsigned;