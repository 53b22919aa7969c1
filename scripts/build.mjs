// npm run build: the Next.js production build, then the web server and worker compiled into dist/.
import { bundleNode } from "./lib/node-bundle.mjs";
import { bin, repoRoot, run } from "./lib/run.mjs";

process.chdir(repoRoot);
const code = await run(bin("next"), ["build"], { env: { ...process.env, NODE_ENV: "production" } });
if (code !== 0) process.exit(code);
await bundleNode();
