import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Pool } from "../../db/client";
import { taskFixture } from "@/test/fixtures/task";
import type { Task } from "../../db/schema/tasks";
import { recordAttempts, type AttemptRecord } from "../record-attempts";
import { activeStatuses, liveStatuses, sqlStatusList } from "./statuses";

// Tripwires against a second copy of the status lists: the SQL guards and every other reader must build theirs
// from lib/tasks/lifecycle.

const root = path.resolve(import.meta.dirname, "../../..");
const word = `(?:${liveStatuses.join("|")})`;
const quoted = (q: string) => `${q}${word}${q}`;
/** One quoted status name, in any quote. */
const statusLiteral = new RegExp(`(["'\`])${word}\\1`, "g");
/** Two quoted status names separated by a comma: the start of a hand-written list (`["queued", "retrying"`, `'queued','retrying'`). */
const statusListLiteral = new RegExp(`(?:${["'", '"', "`"].map((q) => `${quoted(q)}\\s*,\\s*${quoted(q)}`).join("|")})`, "g");

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && /\.tsx?$/.test(d.name) && !/\.test\.tsx?$/.test(d.name))
    .map((d) => path.relative(root, path.join(d.parentPath, d.name)))
    .filter((f) => !f.startsWith(`lib${path.sep}tasks${path.sep}lifecycle${path.sep}`) && !f.split(path.sep).includes("node_modules"));
}

describe("one copy of the status lists", () => {
  it("record-attempts.ts writes no status literal; its only status list is sqlStatusList(activeStatuses)", () => {
    const source = readFileSync(path.join(root, "lib/tasks/record-attempts.ts"), "utf8");
    expect(source.match(statusLiteral) ?? []).toEqual([]);
    expect(source).toContain("sqlStatusList(activeStatuses)");
  });

  it("no file in lib/, worker/, components/ or app/ spells out a list of statuses", () => {
    const files = ["lib", "worker", "components", "app"].flatMap(sourceFiles);
    expect(files).toContain(path.join("lib", "tasks", "record-attempts.ts"));
    const hits = files.flatMap((f) => {
      const text = readFileSync(path.join(root, f), "utf8");
      return [...text.matchAll(statusListLiteral)].map((m) => `${f}:${text.slice(0, m.index).split("\n").length}: ${m[0].replace(/\s+/g, " ")}`);
    });
    expect(hits, `status lists written out by hand (build them from lib/tasks/lifecycle):\n${hits.join("\n")}`).toEqual([]);
  });

  it("the tripwire's pattern catches the forms it is meant to", () => {
    for (const form of ['["queued", "retrying"]', "status IN ('queued','retrying')", "[\n  'failed',\n  'cancelled',\n]", "`running`, `queued`"]) {
      expect(form.match(statusListLiteral), form).not.toBeNull();
    }
    for (const form of ['"queued"', '["queued"]', '"queued" | "retrying"', "'queued', \"retrying\""]) {
      expect(form.match(statusListLiteral), form).toBeNull();
    }
  });
});

describe("the SQL the worker writes guards on the active statuses", () => {
  const task = (i: number): Task => {
    const now = new Date("2025-01-01T00:00:00Z");
    return taskFixture({ id: `0190a0b0-0000-7000-8000-${String(i).padStart(12, "0")}`, nextAttemptAt: now, createdAt: now, updatedAt: now });
  };
  const record = (i: number): AttemptRecord => ({
    task: task(i),
    n: 1,
    outcome: { startedAt: new Date(), durationMs: 5, statusCode: 200, responseExcerpt: "ok", error: null, ok: true, retryAfterMs: null, failure: null },
    next: { status: "succeeded", attempts: 1, nextAttemptAt: null, finishedAt: new Date(), lastStatusCode: 200, lastError: null },
  });

  /** A pool that answers as if every guard held, and keeps every statement it was sent. */
  function recordingPool() {
    const sent: string[] = [];
    const conn = {
      async query(q: string | { sql: string }) {
        const sql = typeof q === "string" ? q : q.sql;
        sent.push(sql);
        const statements = sql.split(";\n");
        return [statements.map((s) => ({ affectedRows: s.startsWith("UPDATE") ? (s.includes(" JOIN (") ? (s.match(/UNION ALL/g)?.length ?? 0) + 1 : 1) : 0 }))];
      },
      release() {},
    };
    const pool = {
      async query() {
        return [[{ charset: "utf8mb4", collation: "utf8mb4_unicode_ci" }]];
      },
      async getConnection() {
        return conn;
      },
    };
    return { pool: pool as unknown as Pool, sent };
  }

  const updates = (sent: string[]) => sent.flatMap((sql) => sql.split(";\n")).filter((s) => s.startsWith("UPDATE"));

  it.each([
    ["one UPDATE per task", 100],
    ["the joined UPDATE", 1],
  ] as const)("%s", async (_, joinFrom) => {
    const { pool, sent } = recordingPool();
    expect(await recordAttempts(pool, [record(1), record(2), record(3)], { joinFrom })).toEqual([true, true, true]);
    const list = updates(sent);
    expect(list).toHaveLength(joinFrom === 1 ? 1 : 3);
    if (joinFrom === 1) expect(list[0]).toContain(" JOIN (");
    for (const sql of list) {
      expect(sql.match(/status IN \(([^)]*)\)/g)).toEqual([`status IN (${sqlStatusList(activeStatuses)})`]);
    }
    expect(sqlStatusList(activeStatuses)).toBe("'queued','retrying'");
  });
});
