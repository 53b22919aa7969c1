import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { testEnv } from "./test-env";

const root = path.resolve(import.meta.dirname, "../../..");

export interface Proc {
  child: ChildProcess;
  output: () => string;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
}

/** Collects a child's stdout and stderr (the last 100-200 KB), for the messages of failing tests. */
export function keepOutput(child: ChildProcess): () => string {
  let out = "";
  const keep = (b: Buffer) => {
    out += b.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  return () => out;
}

/** `env` overrides the suite's environment; a key given as undefined is left unset (its default applies). */
function start(cmd: string, args: string[], env: Record<string, string | undefined>): Proc {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...testEnv, ...env };
  for (const [key, value] of Object.entries(env)) if (value === undefined) delete merged[key];
  // Its own process group, so a signal reaches the whole tree: a SIGKILL to a wrapper alone would leave an
  // orphan still serving, or consuming the test's queues.
  const child = spawn(cmd, args, { cwd: root, env: merged, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const output = keepOutput(child);
  return {
    child,
    output,
    async stop(signal = "SIGTERM") {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const exited = once(child, "exit");
      process.kill(-child.pid!, signal);
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}

/**
 * The web server `npm start` runs (server.ts over the built app) on the given port; resolves when /api/health
 * answers 200 (or answers at all, when `healthy` is false).
 */
export async function startWeb(port: number, env: Record<string, string | undefined> = {}, opts: { healthy?: boolean; host?: string } = {}): Promise<Proc> {
  const proc = start(process.execPath, ["dist/server.mjs", "-p", String(port), "-H", opts.host ?? "127.0.0.1"], { PORT: String(port), ...env });
  const healthy = opts.healthy ?? true;
  await waitFor(async () => {
    if (proc.child.exitCode !== null) throw new Error(`web exited with ${proc.child.exitCode}\n${proc.output()}`);
    const status = (await fetch(`http://127.0.0.1:${port}/api/health`)).status;
    return healthy ? status === 200 : status > 0;
  }, 60_000, () => proc.output());
  return proc;
}

/**
 * A worker process (the compiled dist/worker.mjs); resolves once it logs that it started. Most test files send
 * failing and healthy calls to one shared receiver, so by default the per-host cap and the breaker are out of
 * their way; host-gate.test.ts sets them, against hosts of its own.
 */
export async function startWorker(env: Record<string, string | undefined> = {}): Promise<Proc> {
  const proc = start(process.execPath, ["dist/worker.mjs"], { LOG_LEVEL: "info", HOST_MAX_IN_FLIGHT: "10000", BREAKER_FAILURES: "1000000", ...env });
  await waitFor(async () => proc.output().includes("worker started"), 30_000, () => proc.output());
  return proc;
}

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, describe?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not ready yet
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms${describe ? `\n${describe().slice(-3000)}` : ""}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The Dubbo provider (the compiled dist/dubbo.mjs); resolves once it has registered in `registries` registries. */
export async function startDubbo(env: Record<string, string | undefined>, registries = 0): Promise<Proc> {
  const proc = start(process.execPath, ["dist/dubbo.mjs"], { LOG_LEVEL: "info", ...env });
  const registered = () => proc.output().split("\n").filter((l) => l.includes("registered in Dubbo registry")).length;
  await waitFor(() => {
    if (proc.child.exitCode !== null) throw new Error(`dubbo exited with ${proc.child.exitCode}\n${proc.output()}`);
    return proc.output().includes("dubbo provider started") && registered() >= registries;
  }, 30_000, () => proc.output());
  return proc;
}
