CREATE TABLE `target_hosts` (
	`host` varchar(300) NOT NULL,
	`max_in_flight` int,
	`paused` boolean NOT NULL DEFAULT false,
	`updated_by` varchar(160),
	`created_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	`updated_at` datetime(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
	CONSTRAINT `target_hosts_host` PRIMARY KEY(`host`)
);
