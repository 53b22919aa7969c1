import { readdirSync } from "node:fs";
import os from "node:os";
import { logger } from "@/lib/logger";

/**
 * Lowers this process's scheduling priority (raising it back would need privileges, so this only goes down).
 * On Linux a nice value belongs to each thread, and V8's helper threads (GC, compiler) already run: each is
 * lowered; threads started later inherit it.
 */
export function lowerPriority(nice: number) {
  let threads: number[] = [0];
  try {
    threads = readdirSync("/proc/self/task").map(Number);
  } catch {
    // not Linux: the process's priority is the one there is
  }
  for (const tid of threads) {
    try {
      if (nice > os.getPriority(tid)) os.setPriority(tid, nice);
    } catch (err) {
      logger.warn({ err: String(err), nice }, "could not lower the worker's priority");
      return;
    }
  }
}
