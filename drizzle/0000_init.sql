CREATE TABLE `tasks` (
	`id` char(36) NOT NULL,
	`client_id` int NOT NULL,
	`protocol` enum('native','kkbida') NOT NULL DEFAULT 'native',
	`status` enum('queued','running','retrying','succeeded','failed','cancelled','resolved') NOT NULL DEFAULT 'queued',
	`url` varchar(2048) NOT NULL,
	`method` enum('GET','POST','PUT','PATCH','DELETE') NOT NULL DEFAULT 'POST',
	`params` json,
	`body_type` enum('json','form') NOT NULL DEFAULT 'json',
	`headers` json,
	`expect` json,
	`max_attempts` smallint NOT NULL,
	`retry` json,
	`timeout_ms` int NOT NULL,
	`source_app` varchar(128),
	`target_app` varchar(128),
	`idempotency_key` varchar(255),
	`attempts` smallint NOT NULL DEFAULT 0,
	`next_attempt_at` datetime(3),
	`last_status_code` smallint,
	`last_error` varchar(1024),
	`note` text,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`finished_at` datetime(3),
	CONSTRAINT `tasks_id` PRIMARY KEY(`id`),
	CONSTRAINT `tasks_client_idem_uq` UNIQUE(`client_id`,`idempotency_key`)
);
--> statement-breakpoint
CREATE TABLE `attempts` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`task_id` char(36) NOT NULL,
	`n` smallint NOT NULL,
	`started_at` datetime(3) NOT NULL,
	`duration_ms` int NOT NULL,
	`status_code` smallint,
	`response_excerpt` mediumtext,
	`error` varchar(1024),
	`ok` boolean NOT NULL,
	CONSTRAINT `attempts_id` PRIMARY KEY(`id`),
	CONSTRAINT `attempts_task_n_uq` UNIQUE(`task_id`,`n`)
);
--> statement-breakpoint
CREATE TABLE `api_clients` (
	`id` int AUTO_INCREMENT NOT NULL,
	`name` varchar(128) NOT NULL,
	`username` varchar(64) NOT NULL,
	`secret_hash` char(64) NOT NULL,
	`allowed_hosts` json,
	`disabled` boolean NOT NULL DEFAULT false,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `api_clients_id` PRIMARY KEY(`id`),
	CONSTRAINT `api_clients_username_uq` UNIQUE(`username`),
	CONSTRAINT `api_clients_name_uq` UNIQUE(`name`)
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` int AUTO_INCREMENT NOT NULL,
	`username` varchar(64) NOT NULL,
	`password_hash` varchar(255) NOT NULL,
	`role` enum('admin','operator','viewer') NOT NULL DEFAULT 'viewer',
	`must_change_password` boolean NOT NULL DEFAULT false,
	`disabled` boolean NOT NULL DEFAULT false,
	`last_login_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `users_id` PRIMARY KEY(`id`),
	CONSTRAINT `users_username_uq` UNIQUE(`username`)
);
--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`actor` varchar(128) NOT NULL,
	`action` varchar(64) NOT NULL,
	`object_type` varchar(32) NOT NULL,
	`object_id` varchar(64),
	`details` json,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `audit_log_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE TABLE `alert_channels` (
	`id` int AUTO_INCREMENT NOT NULL,
	`name` varchar(128) NOT NULL,
	`kind` enum('dingtalk','wecom','feishu','slack','webhook') NOT NULL,
	`url` varchar(2048) NOT NULL,
	`secret` varchar(512),
	`template` text,
	`filters` json,
	`events` json NOT NULL,
	`failing_after` int NOT NULL DEFAULT 3,
	`enabled` boolean NOT NULL DEFAULT true,
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `alert_channels_id` PRIMARY KEY(`id`),
	CONSTRAINT `alert_channels_name_uq` UNIQUE(`name`)
);
--> statement-breakpoint
CREATE TABLE `alerts` (
	`id` bigint unsigned AUTO_INCREMENT NOT NULL,
	`channel_id` int NOT NULL,
	`task_id` char(36),
	`event` varchar(32) NOT NULL,
	`status` enum('pending','sent','failed','folded') NOT NULL DEFAULT 'pending',
	`attempts` smallint NOT NULL DEFAULT 0,
	`response_status` smallint,
	`response` mediumtext,
	`error` varchar(1024),
	`sent_at` datetime(3),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `alerts_id` PRIMARY KEY(`id`)
);
--> statement-breakpoint
CREATE INDEX `tasks_status_next_idx` ON `tasks` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `tasks_client_id_idx` ON `tasks` (`client_id`,`id`);--> statement-breakpoint
CREATE INDEX `tasks_status_id_idx` ON `tasks` (`status`,`id`);--> statement-breakpoint
CREATE INDEX `tasks_source_id_idx` ON `tasks` (`source_app`,`id`);--> statement-breakpoint
CREATE INDEX `tasks_target_id_idx` ON `tasks` (`target_app`,`id`);--> statement-breakpoint
CREATE INDEX `tasks_finished_idx` ON `tasks` (`finished_at`);--> statement-breakpoint
CREATE INDEX `attempts_started_idx` ON `attempts` (`started_at`);--> statement-breakpoint
CREATE INDEX `audit_object_idx` ON `audit_log` (`object_type`,`object_id`);--> statement-breakpoint
CREATE INDEX `audit_actor_idx` ON `audit_log` (`actor`,`id`);--> statement-breakpoint
CREATE INDEX `alerts_channel_idx` ON `alerts` (`channel_id`,`id`);--> statement-breakpoint
CREATE INDEX `alerts_task_idx` ON `alerts` (`task_id`);