import path from "node:path";
import { repoRoot } from "./run.mjs";

const distDir = path.join(repoRoot, "dist");

/**
 * Compiles the Node processes, server.ts, worker/main.ts and dubbo/main.ts, into dist/ as plain JavaScript, with the
 * packages left as imports from node_modules; and scripts/prepare.ts (migrate and seed), which a container image runs
 * as `node dist/prepare.mjs` without tsx or the TypeScript sources. Running TypeScript through tsx's loader kept a second V8 isolate
 * (the loader thread) and its compile caches in every process: ~40 MB of RSS each, and a slower start.
 * Takes about 0.1 s, so callers simply run it every time. Files are overwritten in place, never deleted first: a
 * web server that is running still finds the route-handler chunk it imports after start.
 */
export async function bundleNode() {
  const { build } = await import("esbuild");
  await build({
    entryPoints: { server: "server.ts", worker: "worker/main.ts", dubbo: "dubbo/main.ts", prepare: "scripts/prepare.ts" },
    absWorkingDir: repoRoot,
    outdir: distDir,
    outExtension: { ".js": ".mjs" },
    bundle: true,
    // The web server imports the route handlers (and with them next/server) only after Next has prepared its
    // runtime: a chunk of their own keeps that import lazy.
    splitting: true,
    format: "esm",
    platform: "node",
    target: "node20",
    packages: "external",
    // next has no "exports" map, so Node's ESM loader wants the file's own name.
    alias: { "next/server": "next/server.js" },
    sourcemap: "linked",
    logLevel: "warning",
  });
}
