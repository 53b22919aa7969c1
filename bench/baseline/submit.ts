// The baseline's submitter, run in the bench process in place of a web server: each batch is one multi-row INSERT
// and one pipelined addBulk, as a user's own API would do it, with the same batch size and parallelism as the
// backlog phase's batch requests to Bida.
import type { Queue } from "bullmq";
import type { Pool } from "mysql2/promise";
import { uuidv7 } from "uuidv7";
import { now } from "../load";
import { BASELINE_TABLE } from "./table";
import type { BaselineJob } from "./worker";

export interface BaselineSubmit {
  pool: Pool;
  queue: Queue<BaselineJob>;
  url: string;
  count: number;
  batchSize: number;
  parallel: number;
}

// What a user would give a callback: a handful of tries with exponential backoff, no history kept in Redis.
const jobOptions = { attempts: 10, backoff: { type: "exponential", delay: 10_000 }, removeOnComplete: true, removeOnFail: true } as const;

/** Inserts and enqueues `count` tasks; resolves with the time it took, ms. */
export async function submitBaseline(s: BaselineSubmit): Promise<number> {
  const started = now();
  const batches = Math.ceil(s.count / s.batchSize);
  let next = 0;
  const lane = async () => {
    while (next < batches) {
      const b = next++;
      const size = Math.min(s.batchSize, s.count - b * s.batchSize);
      const jobs: BaselineJob[] = Array.from({ length: size }, (_, k) => ({ id: uuidv7(), url: s.url, body: JSON.stringify({ order: b * s.batchSize + k }), timeoutMs: 10_000 }));
      await s.pool.query(`INSERT INTO ${BASELINE_TABLE} (id, url, body) VALUES ?`, [jobs.map((j) => [j.id, j.url, j.body])]);
      await s.queue.addBulk(jobs.map((data) => ({ name: "deliver", data, opts: { ...jobOptions, jobId: data.id } })));
    }
  };
  await Promise.all(Array.from({ length: Math.min(s.parallel, batches) }, lane));
  return now() - started;
}
