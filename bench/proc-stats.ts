import { readdirSync, readFileSync } from "node:fs";

// Linux /proc readings: resident memory and CPU time of a process and all its descendants.
const CLOCK_TICKS_PER_S = 100; // USER_HZ, 100 on every Linux this runs on

interface ProcInfo {
  ppid: number;
  comm: string;
  cpuTicks: number;
}

function readProc(pid: number): ProcInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const close = stat.lastIndexOf(")");
    const fields = stat.slice(close + 2).split(" ");
    // After "pid (comm) ": state, ppid, …, utime at 11 and stime at 12.
    return { ppid: Number(fields[1]), comm: stat.slice(stat.indexOf("(") + 1, close), cpuTicks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return null; // exited meanwhile
  }
}

function snapshot(): Map<number, ProcInfo> {
  const all = new Map<number, ProcInfo>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    const info = readProc(Number(name));
    if (info) all.set(Number(name), info);
  }
  return all;
}

function tree(all: Map<number, ProcInfo>, root: number): number[] {
  const pids = [root];
  for (let i = 0; i < pids.length; i++) {
    for (const [pid, info] of all) if (info.ppid === pids[i]) pids.push(pid);
  }
  return pids.filter((p) => all.has(p));
}

function rssKb(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The first running process whose name is one of `names` (mariadbd, redis-server), for CPU accounting. */
export function findProcess(names: string[]): number | null {
  for (const [pid, info] of snapshot()) if (names.includes(info.comm)) return pid;
  return null;
}

/** CPU seconds used so far by each named process tree. */
export function cpuSeconds(roots: Record<string, number | null>): Record<string, number> {
  const all = snapshot();
  const out: Record<string, number> = {};
  for (const [name, root] of Object.entries(roots)) {
    if (root === null) continue;
    out[name] = tree(all, root).reduce((sum, pid) => sum + all.get(pid)!.cpuTicks, 0) / CLOCK_TICKS_PER_S;
  }
  return out;
}

/** Samples the resident memory of each process tree every `everyMs` and keeps the peak, in MB. */
export function startRssSampler(roots: Record<string, number>, everyMs = 250) {
  const peakMb: Record<string, number> = Object.fromEntries(Object.keys(roots).map((k) => [k, 0]));
  const sample = () => {
    const all = snapshot();
    for (const [name, root] of Object.entries(roots)) {
      const mb = tree(all, root).reduce((sum, pid) => sum + rssKb(pid), 0) / 1024;
      peakMb[name] = Math.max(peakMb[name]!, mb);
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    peakMb,
    stop() {
      clearInterval(timer);
      sample();
    },
  };
}

export interface CpuUse {
  /** Percent of one core over the measured wall time. */
  share: number;
  msPerTask: number;
}

/** CPU used by each process tree (and by the bench itself) between start() and stop(tasks). */
export function cpuMeter(roots: Record<string, number | null>) {
  let before: Record<string, number> = {};
  let t0 = 0;
  const read = (): Record<string, number> => {
    const self = process.cpuUsage();
    return { ...cpuSeconds(roots), bench: (self.user + self.system) / 1e6 };
  };
  return {
    start() {
      before = read();
      t0 = performance.now();
    },
    stop(tasks: number): Record<string, CpuUse> {
      const after = read();
      const wallS = (performance.now() - t0) / 1000;
      return Object.fromEntries(
        Object.keys(after).map((k) => {
          const used = after[k]! - (before[k] ?? 0);
          return [k, { share: (used / wallS) * 100, msPerTask: (used * 1000) / tasks }];
        }),
      );
    },
  };
}
