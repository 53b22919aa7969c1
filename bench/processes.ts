import { fork, spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import path from "node:path";

export interface Child {
  name: string;
  proc: ChildProcess;
  pid: number;
  /** The last ~100 KB the process wrote, for error messages. */
  output: () => string;
  /** SIGTERM to the child's process group, then SIGKILL after `graceMs`. Resolves once it has exited. */
  stop: (graceMs?: number) => Promise<void>;
}

const live = new Set<Child>();

/**
 * Each child leads its own process group, so stopping it also stops what it started (a wrapper may run its
 * server in a child of its own). Only groups started here are ever signalled.
 */
function track(name: string, proc: ChildProcess): Child {
  if (!proc.pid) throw new Error(`${name} did not start`);
  let out = "";
  const keep = (b: Buffer) => {
    out += b.toString();
    if (out.length > 200_000) out = out.slice(-100_000);
  };
  proc.stdout?.on("data", keep);
  proc.stderr?.on("data", keep);
  // BENCH_LOG_DIR keeps each child's whole output (say, with --trace-gc in BENCH_WEB_NODE_ARGS) in <name>.log.
  if (process.env.BENCH_LOG_DIR) {
    // Both streams write to one file, which ends once the process has closed both.
    const file = createWriteStream(path.join(process.env.BENCH_LOG_DIR, `${name}.log`));
    proc.stdout?.pipe(file, { end: false });
    proc.stderr?.pipe(file, { end: false });
    proc.once("close", () => file.end());
  }
  const exited = () => proc.exitCode !== null || proc.signalCode !== null;
  const signal = (sig: NodeJS.Signals) => {
    try {
      process.kill(-proc.pid!, sig);
    } catch {
      // already gone
    }
  };
  const child: Child = {
    name,
    proc,
    pid: proc.pid,
    output: () => out,
    async stop(graceMs = 10_000) {
      if (!exited()) {
        const gone = once(proc, "exit");
        signal("SIGTERM");
        const timer = setTimeout(() => signal("SIGKILL"), graceMs);
        await gone;
        clearTimeout(timer);
      }
      signal("SIGKILL"); // anything the child left behind in its group
      live.delete(child);
    },
  };
  live.add(child);
  return child;
}

export function startProcess(name: string, cmd: string, args: string[], env: NodeJS.ProcessEnv): Child {
  return track(name, spawn(cmd, args, { env, detached: true, stdio: ["ignore", "pipe", "pipe"] }));
}

/** A module in a child process with an IPC channel: TypeScript through tsx by default, or plain JavaScript with `execArgv` []. */
export function forkModule(name: string, file: string, env: NodeJS.ProcessEnv, execArgv = ["--import", "tsx"]): Child {
  return track(name, fork(file, [], { env, detached: true, execArgv, stdio: ["ignore", "pipe", "pipe", "ipc"] }));
}

export async function stopAll(): Promise<void> {
  await Promise.allSettled([...live].map((c) => c.stop()));
}

/** Last resort when the bench exits without cleaning up (an uncaught error): no grace, but nothing left running. */
export function killAllNow(): void {
  for (const c of live) {
    try {
      process.kill(-c.pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

export async function waitFor(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number, describe?: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not ready yet
    }
    if (Date.now() > deadline) throw new Error(`${what}: timed out after ${timeoutMs} ms${describe ? `\n${describe().slice(-3000)}` : ""}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
