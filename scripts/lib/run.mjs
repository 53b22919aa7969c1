// Plain Node helpers for start.mjs and test.mjs, which must run before node_modules exists.
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** A locally installed tool from node_modules/.bin, so the scripts work outside `npm run` too. */
export const bin = (name) => path.join(repoRoot, "node_modules", ".bin", name);

/** Runs a command with inherited stdio; resolves with its exit code (signals count as failure). */
export function run(command, args, { env = process.env, cwd = repoRoot } = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: "inherit", env, cwd });
    child.on("error", (err) => {
      console.error(`Could not run ${command}: ${err.message}`);
      resolve(127);
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

export const isRoot = () => typeof process.getuid === "function" && process.getuid() === 0;
