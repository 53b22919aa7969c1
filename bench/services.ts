// Starting what the bench measures: the build, the receiver, the web server and the worker, as `npm start` runs
// them. Kept apart from run.ts because the caps phase restarts the worker with settings of its own.
import { childEnv, config } from "./config";
import { existsSync } from "node:fs";
import net, { type AddressInfo } from "node:net";
import path from "node:path";
import { Pool } from "undici";
import { forkModule, startProcess, waitFor, type Child } from "./processes";
import type { Envelope, ReceiverReply, ReceiverRequest } from "./receiver";

const profileArgs = (name: string) =>
  // One folder per process: tsx's loader thread writes a profile of its own beside the main thread's.
  config.profileDir ? ["--cpu-prof", `--cpu-prof-dir=${path.join(config.profileDir, name)}`] : [];

export async function ensureBuild(): Promise<void> {
  const missing = !existsSync(path.join(config.root, ".next", "BUILD_ID"));
  // scripts/lib/next-build.mjs decides whether the build is missing or stale, exactly as `npm start` does; with
  // --skip-build only server and worker are compiled again (a tenth of a second), so they are never stale.
  const script =
    config.skipBuild && !missing
      ? "const m = await import('./scripts/lib/node-bundle.mjs'); await m.bundleNode();"
      : "const m = await import('./scripts/lib/next-build.mjs'); process.exit(await m.ensureBuild());";
  const build = startProcess("build", process.execPath, ["--input-type=module", "-e", script], { ...process.env, NODE_ENV: "production" });
  build.proc.stdout!.pipe(process.stdout);
  build.proc.stderr!.pipe(process.stderr);
  const code = await new Promise<number | null>((r) => build.proc.on("exit", r));
  await build.stop();
  if (code !== 0) throw new Error(`next build failed (exit ${code})`);
}

export type AskReceiver = (msg: ReceiverRequest) => Promise<ReceiverReply>;

export async function startReceiver(): Promise<{ child: Child; port: number; ask: AskReceiver }> {
  const child = forkModule("receiver", path.join(config.root, "bench", "receiver.ts"), childEnv);
  const ready = await Promise.race([
    new Promise<ReceiverReply>((r) => child.proc.once("message", r)),
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`receiver did not start\n${child.output()}`)), 20_000)),
  ]);
  if (ready.type !== "ready") throw new Error("receiver sent an unexpected first message");
  // Replies are matched by id: a phase may poll counts while another request (closing a host) is still open.
  const pending = new Map<number, (reply: ReceiverReply) => void>();
  let nextId = 0;
  child.proc.on("message", (reply: Envelope<ReceiverReply>) => {
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });
  const ask: AskReceiver = (msg) =>
    new Promise<ReceiverReply>((resolve, reject) => {
      const id = ++nextId;
      pending.set(id, (reply) => (reply.type === "error" ? reject(new Error(`receiver: ${reply.message}`)) : resolve(reply)));
      child.proc.send({ ...msg, id } satisfies Envelope<ReceiverRequest>);
    });
  return { child, port: ready.port, ask };
}

export async function startWeb(): Promise<Child> {
  // The web server `npm start` runs (server.ts: Next.js, with the submit routes served directly).
  const web = startProcess("web", process.execPath, [...profileArgs("web"), ...config.webNodeArgs, "dist/server.mjs", "-p", String(config.port), "-H", "127.0.0.1"], childEnv);
  const health = new Pool(`http://127.0.0.1:${config.port}`, { connections: 1 });
  try {
    await waitFor("web", async () => {
      if (web.proc.exitCode !== null) throw new Error(`web exited with ${web.proc.exitCode}\n${web.output()}`);
      const res = await health.request({ path: "/api/health", method: "GET" });
      await res.body.dump();
      return res.statusCode === 200;
    }, 60_000, web.output);
  } finally {
    await health.close();
  }
  return web;
}

/** A loopback port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", () => r()));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export interface WorkerProcess {
  child: Child;
  /** Where its Prometheus metrics are served (bench/worker-metrics.ts reads them). */
  metricsPort: number;
}

/**
 * What npm start runs: the compiled worker (ensureBuild made dist/ a moment ago). `env` overrides settings for
 * this worker only (the caps phase); a value of undefined removes the setting, so the worker takes its default.
 */
export async function startWorker(name = "worker", env: Record<string, string | undefined> = {}): Promise<WorkerProcess> {
  const metricsPort = await freePort();
  const workerEnv: NodeJS.ProcessEnv = { ...childEnv, WORKER_METRICS_PORT: String(metricsPort) };
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete workerEnv[k];
    else workerEnv[k] = v;
  }
  const worker = startProcess(name, process.execPath, [...profileArgs(name), ...config.workerNodeArgs, "dist/worker.mjs"], workerEnv);
  await waitFor(name, () => {
    if (worker.proc.exitCode !== null) throw new Error(`${name} exited with ${worker.proc.exitCode}\n${worker.output()}`);
    return worker.output().includes("worker started");
  }, 60_000, worker.output);
  return { child: worker, metricsPort };
}
