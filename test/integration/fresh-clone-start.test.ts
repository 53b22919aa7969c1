import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import mysql from "mysql2/promise";
import { afterAll, describe, expect, it } from "vitest";
import { keepOutput, waitFor } from "./support/processes";

// `npm start` on a fresh clone of the committed HEAD, with NODE_ENV=production as Docker images and systemd units
// set it: npm must install devDependencies anyway (the build needs them) and web and worker must come up.
// The clone gets stores of its own, so it touches neither the suite's data nor anyone else's.
const repoRoot = path.resolve(import.meta.dirname, "../..");
const database = "bida_fresh_start";
const redisUrl = "redis://127.0.0.1:6379/4";
const port = 3600 + (process.pid % 300);

// What the suite (test-env.ts, npm test) or the caller set for itself must not leak into the clone's start.
const leaking = /^(NODE_ENV|DATABASE_URL|TEST_DATABASE_URL|REDIS_URL|TEST_REDIS_URL|REDIS_PREFIX|AUTH_SECRET|AUTH_TRUST_HOST|ADMIN_PASSWORD|SECRETS_KEY|SECRETS_KEY_PREVIOUS|PORT|HOST|PUBLIC_URL|LOG_LEVEL|WORKER_METRICS_PORT|TEST|VITEST.*|npm_.*)$/;

let dir: string | undefined;
let child: ChildProcess | undefined;

afterAll(async () => {
  if (child?.pid && child.exitCode === null && child.signalCode === null) {
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
  const conn = await mysql.createConnection({ host: "127.0.0.1", port: 3306, user: "root" });
  await conn.query(`DROP DATABASE IF EXISTS \`${database}\``);
  await conn.end();
  const redis = new Redis(redisUrl);
  await redis.flushdb();
  redis.disconnect();
}, 120_000);

describe("npm start on a fresh clone", () => {
  it("installs, builds and serves with NODE_ENV=production, and stops cleanly on SIGTERM", async () => {
    dir = mkdtempSync(path.join(tmpdir(), "bida-fresh-clone-"));
    const clone = spawnSync("git", ["clone", "--quiet", repoRoot, dir], { encoding: "utf8" });
    expect(clone.status, clone.stderr).toBe(0);

    const env: Record<string, string> = {};
    for (const [key, value] of Object.entries(process.env)) if (value !== undefined && !leaking.test(key)) env[key] = value;
    Object.assign(env, {
      NODE_ENV: "production",
      DATABASE_URL: `mysql://root@127.0.0.1:3306/${database}`,
      REDIS_URL: redisUrl,
      REDIS_PREFIX: "bida-fresh",
      PORT: String(port),
      WORKER_METRICS_PORT: "0",
    });

    const started = Date.now();
    // Its own process group, so SIGTERM reaches start.mjs, web and worker alike and cleanup can kill them all.
    child = spawn(process.execPath, ["scripts/start.mjs"], { cwd: dir, env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"], detached: true });
    const output = keepOutput(child);
    const proc = child;

    // A clean install and build take about two minutes on two cores; allow for a slow registry too.
    // (waitFor swallows errors thrown by the check, so an early exit ends the wait and is asserted after it.)
    const exitedEarly = () => proc.exitCode !== null || proc.signalCode !== null;
    await waitFor(async () => exitedEarly() || (await fetch(`http://127.0.0.1:${port}/api/health`)).status === 200, 480_000, output);
    expect(exitedEarly(), `npm start exited with ${proc.exitCode ?? proc.signalCode}\n${output().slice(-3000)}`).toBe(false);
    const upAfterS = Math.round((Date.now() - started) / 1000);
    console.log(`fresh clone: healthy after ${upAfterS} s`);

    expect((await fetch(`http://127.0.0.1:${port}/login`)).status).toBe(200);
    expect(output()).toContain("Installing dependencies");

    const exited = once(proc, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
    const signalled = Date.now();
    process.kill(-proc.pid!, "SIGTERM");
    const [code, signal] = await Promise.race([
      exited,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no exit 60 s after SIGTERM\n${output().slice(-3000)}`)), 60_000)),
    ]);
    expect({ code, signal }, output().slice(-3000)).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(60_000);
  }, 600_000);
});
