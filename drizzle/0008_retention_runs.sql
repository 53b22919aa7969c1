CREATE TABLE `retention_runs` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`started_at` datetime(3) NOT NULL,
	`finished_at` datetime(3),
	`status` enum('running','completed','failed','interrupted') NOT NULL DEFAULT 'running',
	`worker` varchar(128) NOT NULL,
	`task_cutoff` datetime(3),
	`alert_cutoff` datetime(3),
	`audit_cutoff` datetime(3),
	`tasks_deleted` int NOT NULL DEFAULT 0,
	`attempts_deleted` int NOT NULL DEFAULT 0,
	`alerts_deleted` int NOT NULL DEFAULT 0,
	`audit_deleted` int NOT NULL DEFAULT 0,
	`ordering_keys_deleted` int NOT NULL DEFAULT 0,
	`error` varchar(1024),
	CONSTRAINT `retention_runs_id` PRIMARY KEY(`id`)
);
