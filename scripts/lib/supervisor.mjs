// npm start's supervisor: runs web and worker, restarts either one that dies, and stops both on request.
// Plain Node: start.mjs runs before node_modules may exist. Why not a library: concurrently (used before) can
// restart, but only on a failure exit, after a delay that doubles without a cap or a reset, with no way to report
// a process that keeps crashing; pm2 and forever are whole daemons with their own state files, far more than two
// children of one terminal need.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";

const colors = { cyan: 36, magenta: 35, yellow: 33, green: 32 };

/** "250 ms", "12 s", "3 min 5 s": for the crash lines. */
export function duration(ms) {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ""}`;
}

/** The delay before restart number `crashes` (1-based) of a run of crashes: base, doubling, at most max. */
export function restartDelay(crashes, { baseMs, maxMs }) {
  return Math.min(maxMs, baseMs * 2 ** Math.min(crashes - 1, 30));
}

/**
 * Supervises `processes` ({ name, command, args, color }). A process that exits while the supervisor is not
 * stopping is restarted after restartDelay(); its run of crashes starts over once it has stayed up `stableMs`.
 * stop(signal) cancels pending restarts, sends each running process `signal`, and resolves with true once all
 * have exited, or false when some had to be killed after `graceMs`.
 */
export function supervise(processes, { baseMs, maxMs, stableMs, graceMs, out = process.stdout }) {
  const width = Math.max("start".length, ...processes.map((p) => p.name.length)) + 2;
  const paint = (color, text) => (out.isTTY && colors[color] ? `\x1b[${colors[color]}m${text}\x1b[0m` : text);
  const tag = (name) => `[${name}]`.padEnd(width);
  const say = (message) => out.write(`${paint("yellow", tag("start"))} ${message}\n`);
  let stopping = false;
  const state = new Map(processes.map((p) => [p.name, { spec: p, child: null, startedAt: 0, crashes: 0, since: 0, timer: null }]));

  const launch = (s) => {
    s.timer = null;
    const { name, command, args, color } = s.spec;
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    s.child = child;
    s.startedAt = Date.now();
    const prefix = `${paint(color, tag(name))} `;
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream, crlfDelay: Infinity }).on("line", (line) => out.write(prefix + line + "\n"));
    }
    say(`${name} running as pid ${child.pid}`);
    child.on("error", (err) => say(`${name} could not be started: ${err.message}`));
    child.on("exit", (code, signal) => exited(s, child, code, signal));
  };

  const exited = (s, child, code, signal) => {
    if (s.child !== child) return;
    s.child = null;
    const how = signal ? `killed by ${signal}` : `exited with code ${code}`;
    if (stopping) return say(`${s.spec.name} stopped (${how})`);
    const now = Date.now();
    const upMs = now - s.startedAt;
    if (upMs >= stableMs) s.crashes = 0;
    if (s.crashes === 0) s.since = now;
    s.crashes += 1;
    const delay = restartDelay(s.crashes, { baseMs, maxMs });
    const run = s.crashes > 1 ? ` (crash ${s.crashes} in a row)` : "";
    say(`${s.spec.name} ${how} after ${duration(upMs)} up${run}; restarting in ${duration(delay)}; the other keeps running`);
    // One plain summary while it keeps crashing: at the third crash in a row, then every tenth.
    if (s.crashes === 3 || (s.crashes > 3 && s.crashes % 10 === 3)) {
      say(`${s.spec.name} keeps crashing: ${s.crashes} times in ${duration(now - s.since)}, none of them up ${duration(stableMs)}; see its last lines above (restarts go on, at most ${duration(maxMs)} apart)`);
    }
    s.timer = setTimeout(() => launch(s), delay);
  };

  for (const s of state.values()) launch(s);

  return {
    /** The pid of a running process, or null between a crash and its restart. */
    pid: (name) => state.get(name)?.child?.pid ?? null,
    stop(signal) {
      stopping = true;
      const running = [];
      for (const s of state.values()) {
        if (s.timer) {
          clearTimeout(s.timer);
          s.timer = null;
          say(`${s.spec.name}'s pending restart cancelled`);
        }
        if (s.child) running.push(s.child);
      }
      return new Promise((resolve) => {
        let left = running.length;
        if (left === 0) return resolve(true);
        const force = setTimeout(() => {
          say(`not stopped within ${duration(graceMs)}: killing (SIGKILL)`);
          kill("SIGKILL");
          resolve(false);
        }, graceMs);
        for (const child of running) {
          child.once("exit", () => {
            left -= 1;
            if (left === 0) {
              clearTimeout(force);
              resolve(true);
            }
          });
        }
        kill(signal);
      });
      function kill(sig) {
        for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill(sig);
      }
    },
    /** Kills what still runs at once (a second Ctrl-C). */
    kill() {
      stopping = true;
      for (const s of state.values()) {
        if (s.timer) clearTimeout(s.timer);
        s.child?.kill("SIGKILL");
      }
    },
  };
}
