import mysql from "mysql2/promise";
import type { KkbidaLogRow, KkbidaTaskRow } from "./map-task";

/** kkbida's database (its three Hibernate tables), read only. */
export interface KkbidaSource {
  /** host:port/database, naming the source in kkbida_imports so two kkbida installs' ids never clash. */
  id: string;
  countTasks(): Promise<number>;
  /** Tasks after `afterId` in taskId order, `limit` at a time (keyset over the primary key). */
  taskPage(afterId: string | null, limit: number): Promise<KkbidaTaskRow[]>;
  logsOf(taskIds: string[]): Promise<KkbidaLogRow[]>;
  /** Ids of tasks kkbida itself would still attempt: not succeeded, attempts left (expiry judged by the caller). */
  openTaskIds(): Promise<Array<{ taskId: string; expireTimestamp: string | null }>>;
  webhooks(): Promise<KkbidaWebhookRow[]>;
  close(): Promise<void>;
}

export interface KkbidaWebhookRow {
  id: number;
  content: string | null;
  contentType: string | null;
  memo: string | null;
  requestMethod: string | null;
  url: string | null;
}

// DATETIMEs as text (read in --timezone by the caller, never in this process's zone), bits as numbers.
const TASK_COLUMNS =
  "taskId, callCount, createDate, expectResult, expireTimestamp, CAST(isSuccess AS UNSIGNED) AS isSuccess, lastModifiedDate, " +
  "limitCallCount, requestMethod, requestParamTxt, sourceAppName, targetAppName, url";

export function sourceId(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || "3306"}${u.pathname}`.slice(0, 255);
}

export async function openKkbidaSource(url: string): Promise<KkbidaSource> {
  const u = new URL(url);
  if (u.protocol !== "mysql:" || u.pathname.length < 2) throw new Error("--from takes mysql://user:password@host:3306/database (kkbida's spring.datasource.url database).");
  const pool = mysql.createPool({ uri: url, connectionLimit: 2, dateStrings: true, supportBigNumbers: true, charset: "utf8mb4" });
  try {
    await pool.query("SELECT 1 FROM callback_task LIMIT 1");
  } catch (err) {
    await pool.end();
    throw new Error(`Cannot read kkbida's callback_task table at ${u.hostname}${u.pathname}: ${(err as Error).message}`);
  }
  const query = async <T>(sql: string, values: unknown[] = []) => (await pool.query(sql, values))[0] as T[];
  return {
    id: sourceId(url),
    async countTasks() {
      const [row] = await query<{ n: number }>("SELECT COUNT(*) AS n FROM callback_task");
      return Number(row!.n);
    },
    taskPage: (afterId, limit) =>
      afterId === null
        ? query<KkbidaTaskRow>(`SELECT ${TASK_COLUMNS} FROM callback_task ORDER BY taskId LIMIT ?`, [limit])
        : query<KkbidaTaskRow>(`SELECT ${TASK_COLUMNS} FROM callback_task WHERE taskId > ? ORDER BY taskId LIMIT ?`, [afterId, limit]),
    logsOf: (ids) =>
      ids.length === 0
        ? Promise.resolve([])
        : query<KkbidaLogRow>("SELECT id, taskId, createDate, CAST(isSuccess AS UNSIGNED) AS isSuccess, responseTxt FROM call_back_log WHERE taskId IN (?) ORDER BY id", [ids]),
    openTaskIds: () =>
      query("SELECT taskId, expireTimestamp FROM callback_task WHERE (isSuccess IS NULL OR isSuccess = 0) AND callCount < limitCallCount"),
    webhooks: async () => {
      const exists = await query("SHOW TABLES LIKE 'web_hook'");
      return exists.length === 0 ? [] : query<KkbidaWebhookRow>("SELECT id, content, contentType, memo, requestMethod, url FROM web_hook ORDER BY id");
    },
    close: () => pool.end(),
  };
}
