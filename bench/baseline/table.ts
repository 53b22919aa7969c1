// The baseline's one table, in the bench's database beside Bida's: what a user writing the plain design keeps per
// task — the request, where it stands, the last answer — with the primary key as its only index.
import type { Pool } from "mysql2/promise";

export const BASELINE_TABLE = "baseline_tasks";

/** Dropped and made again each run, so a changed definition never meets an old table. */
export async function createBaselineTable(pool: Pool): Promise<void> {
  await pool.query(`DROP TABLE IF EXISTS ${BASELINE_TABLE}`);
  // url and body have defaults only because the group commit writes outcomes as INSERT … ON DUPLICATE KEY UPDATE,
  // whose insert half never applies (the row always exists) but must name a value for every NOT NULL column.
  await pool.query(`CREATE TABLE ${BASELINE_TABLE} (
    id CHAR(36) NOT NULL,
    url VARCHAR(2048) NOT NULL DEFAULT '',
    body TEXT NOT NULL DEFAULT '',
    status ENUM('queued', 'retrying', 'succeeded', 'failed') NOT NULL DEFAULT 'queued',
    attempts INT NOT NULL DEFAULT 0,
    last_status_code SMALLINT NULL,
    last_error VARCHAR(512) NULL,
    created_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    updated_at DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    finished_at DATETIME(3) NULL,
    PRIMARY KEY (id)
  ) ENGINE = InnoDB`);
}

export async function baselineTotals(pool: Pool): Promise<Record<string, number>> {
  const [rows] = await pool.query(`SELECT status, COUNT(*) AS n FROM ${BASELINE_TABLE} GROUP BY status`);
  return Object.fromEntries((rows as Array<{ status: string; n: number }>).map((r) => [r.status, Number(r.n)]));
}
