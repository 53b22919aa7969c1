import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { keepOutput, waitFor } from "./support/processes";

// npm start's supervisor (scripts/lib/supervisor.mjs) over real child processes: one that always crashes, one
// that stays up. Its timings are shortened so that a run of crashes takes a second, not minutes.
const supervisorUrl = pathToFileURL(path.resolve(import.meta.dirname, "../../scripts/lib/supervisor.mjs")).href;
const driver = `
import { supervise } from ${JSON.stringify(supervisorUrl)};
const s = supervise(
  [
    { name: "crashy", command: process.execPath, args: ["-e", "console.log('crashy up'); process.exit(3)"] },
    { name: "steady", command: process.execPath, args: ["-e", "console.log('steady up'); process.on('SIGTERM', () => { console.log('steady got SIGTERM'); process.exit(0); }); setInterval(() => {}, 1000)"] },
  ],
  { baseMs: 100, maxMs: 400, stableMs: 60000, graceMs: 5000 },
);
process.on("SIGTERM", async () => process.exit((await s.stop("SIGTERM")) ? 0 : 1));
`;

describe("npm start's supervisor", () => {
  it("restarts a crashing process with a growing, capped delay, says when it keeps crashing, leaves the other running, and stops both on SIGTERM", async () => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", driver], { stdio: ["ignore", "pipe", "pipe"] });
    const output = keepOutput(child);
    try {
      await waitFor(() => (output().match(/crashy exited with code 3/g) ?? []).length >= 5, 30_000, output);
      const crashLines = output().split("\n").filter((l) => l.includes("crashy exited with code 3"));
      // One line per crash, with its place in the run and the next delay: 100, 200, 400 ms, then the cap.
      expect(crashLines[0]).toMatch(/^\[start\]\s+crashy exited with code 3 after \d+ ms up; restarting in 100 ms; the other keeps running$/);
      expect(crashLines[1]).toContain("(crash 2 in a row); restarting in 200 ms");
      expect(crashLines[2]).toContain("(crash 3 in a row); restarting in 400 ms");
      expect(crashLines[3]).toContain("(crash 4 in a row); restarting in 400 ms");
      const summaries = output().split("\n").filter((l) => l.includes("crashy keeps crashing"));
      expect(summaries).toHaveLength(1);
      expect(summaries[0]).toMatch(/crashy keeps crashing: 3 times in \d+ m?s, none of them up 1 min/);
      // The other process was started once and never stopped.
      expect(output().match(/steady running as pid/g)).toHaveLength(1);
      expect(output()).not.toContain("steady exited");
      expect(output()).toMatch(/^\[steady\]\s+steady up$/m);

      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const [code] = await exited;
      expect(code, output()).toBe(0);
      expect(output()).toContain("steady got SIGTERM");
      expect(output()).toMatch(/\[start\]\s+steady stopped \(exited with code 0\)/);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });

  it("cancels a pending restart when asked to stop", async () => {
    const slow = driver.replace("baseMs: 100, maxMs: 400", "baseMs: 60000, maxMs: 60000");
    const child = spawn(process.execPath, ["--input-type=module", "-e", slow], { stdio: ["ignore", "pipe", "pipe"] });
    const output = keepOutput(child);
    try {
      await waitFor(() => output().includes("restarting in 1 min") && output().includes("steady up"), 20_000, output);
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const [code] = await exited;
      expect(code, output()).toBe(0);
      expect(output()).toContain("crashy's pending restart cancelled");
      expect(output().match(/crashy running as pid/g)).toHaveLength(1);
    } finally {
      if (child.exitCode === null) child.kill("SIGKILL");
    }
  });
});
