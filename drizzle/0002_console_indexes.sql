DROP INDEX `attempts_started_idx` ON `attempts`;--> statement-breakpoint
CREATE INDEX `tasks_updated_idx` ON `tasks` (`updated_at`);--> statement-breakpoint
CREATE INDEX `attempts_started_ok_idx` ON `attempts` (`started_at`,`ok`);