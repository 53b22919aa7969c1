// npm run build: the Next.js production build, then the web server and worker compiled into dist/.
import { ensureBuild } from "./lib/next-build.mjs";

process.exit(await ensureBuild(process.env, { force: true }));
