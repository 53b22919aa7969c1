ALTER TABLE `tasks` ADD `waiting_reason` enum('cap','open','paused');--> statement-breakpoint
ALTER TABLE `tasks` ADD `waiting_since` datetime(3);