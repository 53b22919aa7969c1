import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { bundleNode } from "./node-bundle.mjs";
import { bin, repoRoot, run } from "./run.mjs";

const buildId = path.join(repoRoot, ".next", "BUILD_ID");

// What goes into the Next build: the source folders and the root files that configure it.
const sourceDirs = ["app", "components", "lib", "public", "styles"];
const rootFile = /^(next\.config\.[cm]?[jt]s|postcss\.config\.[cm]?[jt]s|tsconfig\.json|package\.json|package-lock\.json|(proxy|middleware|instrumentation|auth|auth\.config)\.tsx?)$/;
// Tests sit beside the code but are not part of the build.
const notBuilt = /\.(test|spec)\.[cm]?[jt]sx?$/;

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(full));
    else if (entry.isFile() && !notBuilt.test(entry.name)) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

/** Why `next build` must run, or null when .next is newer than every input. */
export function buildStale() {
  if (!existsSync(buildId)) return "no build yet";
  const built = statSync(buildId).mtimeMs;
  for (const dir of sourceDirs) {
    const full = path.join(repoRoot, dir);
    if (existsSync(full) && newestMtime(full) > built) return `${dir}/ changed`;
  }
  for (const name of readdirSync(repoRoot)) {
    if (rootFile.test(name) && statSync(path.join(repoRoot, name)).mtimeMs > built) return `${name} changed`;
  }
  return null;
}

/**
 * Runs `next build` when the build is missing or stale (or always, with `force`), then compiles web server and
 * worker into dist/ (always: it takes a tenth of a second). Returns the exit code.
 */
export async function ensureBuild(env = process.env, { force = false } = {}) {
  const reason = force ? "asked for" : buildStale();
  if (reason) {
    console.log(`Building the web app (${reason})…`);
    // The same production build serves `npm start` and the e2e tests, whatever NODE_ENV the caller runs with.
    const code = await run(bin("next"), ["build"], { env: { ...env, NODE_ENV: "production" } });
    if (code !== 0) return code;
  } else {
    console.log("Build is up to date.");
  }
  try {
    await bundleNode();
    return 0;
  } catch (err) {
    console.error(`Compiling server.ts and worker/main.ts failed: ${err.message}`);
    return 1;
  }
}
