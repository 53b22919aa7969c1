// Compiles server.ts and worker/main.ts into dist/ (see scripts/lib/node-bundle.mjs); `npm run web` and
// `npm run worker` run it first, so they never start stale code.
import { bundleNode } from "./lib/node-bundle.mjs";

await bundleNode();
