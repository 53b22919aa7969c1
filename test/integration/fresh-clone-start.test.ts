import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Redis } from "ioredis";
import mysql from "mysql2/promise";
import { afterAll, describe, expect, it } from "vitest";
import { keepOutput, waitFor } from "./support/processes";
import { startReceiver } from "./support/receiver";

// `npm start` on a fresh clone of the committed HEAD, with NODE_ENV=production as Docker images and systemd units
// set it: npm must install devDependencies anyway (the build needs them) and web and worker must come up.
// The clone gets stores of its own, so it touches neither the suite's data nor anyone else's.
const repoRoot = path.resolve(import.meta.dirname, "../..");
// Named per run, so two runs at once (helpers sharing a machine) neither collide nor clean up each other.
const database = `bida_fresh_start_${process.pid}`;
const redisPrefix = `bida-fresh-${process.pid}`;
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
  const keys = await redis.keys(`${redisPrefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
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
      REDIS_PREFIX: redisPrefix,
      PORT: String(port),
      WORKER_METRICS_PORT: "0",
      // Room to see the worker gone: a beat every 0.5 s (gone after 1.5 s), and its restart 6 s after a crash.
      WORKER_HEARTBEAT_MS: "500",
      START_RESTART_DELAY_MS: "6000",
      // No crash here counts as recovered from the one before it, however slow the machine: the delays are known.
      START_STABLE_MS: "900000",
      // The test's receiver listens on loopback, which the outbound policy refuses unless told.
      OUTBOUND_ALLOW_LOOPBACK: "true",
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

    await survivesCrashes(port, output);

    // Stopping while a restart is pending cancels it, and stops the half still running.
    const worker = pidOf("worker", output());
    const crashes = () => output().match(/\[start\]\s+worker killed by SIGKILL[^\n]*restarting in \d+ s/g)?.length ?? 0;
    const crashesBefore = crashes();
    process.kill(worker, "SIGKILL");
    await waitFor(() => crashes() > crashesBefore, 10_000, output);
    // Its second crash within START_STABLE_MS of the first: the delay doubled.
    expect(output()).toMatch(/\[start\]\s+worker killed by SIGKILL after \d+ s up \(crash 2 in a row\); restarting in 12 s/);
    const web = pidOf("web", output());
    const exited = once(proc, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
    const signalled = Date.now();
    process.kill(-proc.pid!, "SIGTERM");
    const [code, signal] = await Promise.race([
      exited,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no exit 60 s after SIGTERM\n${output().slice(-3000)}`)), 60_000)),
    ]);
    expect({ code, signal }, output().slice(-3000)).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalled).toBeLessThan(60_000);
    expect(output()).toContain("worker's pending restart cancelled");
    expect(alive(web)).toBe(false);
    expect(pidOf("worker", output())).toBe(worker);
  }, 600_000);
});

/** The pid npm start last named for `name` ("[start]  worker running as pid 123"). */
function pidOf(name: string, output: string): number {
  const all = [...output.matchAll(new RegExp(`\\[start\\]\\s+${name} running as pid (\\d+)`, "g"))];
  if (all.length === 0) throw new Error(`no ${name} pid in the output`);
  return Number(all.at(-1)![1]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

type Health = { ok: boolean; worker: { ok: boolean; since?: string | null } };

/**
 * kill -9 of the worker under npm start: the web keeps taking tasks and says the worker is gone, the worker comes
 * back by itself and delivers them; then kill -9 of the web: it comes back and the worker ran on untouched.
 */
async function survivesCrashes(port: number, output: () => string) {
  const base = `http://127.0.0.1:${port}`;
  const health = async () => (await (await fetch(`${base}/api/health`)).json()) as Health;
  // The demo client npm start seeded on the first run, whose key it printed once.
  const apiKey = /Authorization: Bearer (\S+)/.exec(output())?.[1];
  expect(apiKey, output().slice(-3000)).toBeTruthy();
  const receiver = await startReceiver();
  try {
    await waitFor(async () => (await health()).worker.ok, 30_000, output);
    const worker = pidOf("worker", output());
    const web = pidOf("web", output());
    process.kill(worker, "SIGKILL");

    const submitted: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${base}/api/v1/tasks`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: JSON.stringify({ url: receiver.url(`/while-worker-gone/${i}`) }),
      });
      expect(res.status, await res.clone().text()).toBe(201);
      submitted.push(((await res.json()) as { id: string }).id);
    }
    // Health stays 200 and names the worker gone, until the restart 6 s after the crash.
    await waitFor(async () => !(await health()).worker.ok, 10_000, output);
    const gone = await fetch(`${base}/api/health`);
    expect(gone.status).toBe(200);
    const body = (await gone.json()) as Health;
    if (!body.worker.ok) expect(Date.parse(body.worker.since!)).toBeLessThanOrEqual(Date.now());
    expect(output()).toMatch(/\[start\]\s+worker killed by SIGKILL after \d+ (s|min)[^\n]*restarting in 6 s; the other keeps running/);

    // Back by itself: a new pid, and every task submitted meanwhile delivered.
    await waitFor(() => pidOf("worker", output()) !== worker, 30_000, output);
    await waitFor(() => submitted.every((_, i) => receiver.requests(`/while-worker-gone/${i}`).length === 1), 60_000, output);
    await waitFor(async () => (await health()).worker.ok, 30_000, output);
    expect(alive(web)).toBe(true);
    expect(pidOf("web", output())).toBe(web);

    // The web crashes: restarted, while the worker runs on as the same process.
    const worker2 = pidOf("worker", output());
    process.kill(web, "SIGKILL");
    await waitFor(() => pidOf("web", output()) !== web, 30_000, output);
    await waitFor(async () => (await fetch(`${base}/api/health`)).status === 200, 60_000, output);
    expect(output()).toMatch(/\[start\]\s+web killed by SIGKILL after/);
    expect(pidOf("worker", output())).toBe(worker2);
    expect(alive(worker2)).toBe(true);
  } finally {
    await receiver.close();
  }
}
