-- `running` was never stored (it is live-only: lib/tasks/lifecycle/statuses.ts); no row should hold it, but a row that did would make the enum change fail.
UPDATE `tasks` SET `status` = 'queued' WHERE `status` = 'running';--> statement-breakpoint
-- One ALTER, so a large table is rebuilt once. INT attempt counters: SMALLINT stopped at 32,767 attempts.
ALTER TABLE `tasks`
  MODIFY COLUMN `status` enum('queued','retrying','succeeded','failed','cancelled','resolved') NOT NULL DEFAULT 'queued',
  MODIFY COLUMN `max_attempts` int NOT NULL,
  MODIFY COLUMN `attempts` int NOT NULL DEFAULT 0,
  ADD `budget` smallint,
  ADD `generation` int NOT NULL DEFAULT 0;--> statement-breakpoint
ALTER TABLE `attempts` MODIFY COLUMN `n` int NOT NULL;
