import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { setUserDisabled } from "@/lib/users/update-user";
import { baseUrl, newClient, type TestClient } from "./support/api";
import { testDb } from "./support/db";
import { newUser, signIn } from "./support/session";

// Every route under app/, found by walking the folder (not a list kept by hand), asked without its key or session:
// none answers but the named public ones. A new route that forgets its wrapper fails here.

const appDir = path.resolve(import.meta.dirname, "../../app");
const sampleId = "0190a3b4-5c6d-7e8f-9a0b-1c2d3e4f5a6b";

interface Route {
  file: string;
  url: string;
  methods: string[];
  kind: "route" | "page";
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** The URL a file under app/ serves: route groups dropped, dynamic segments filled with a sample. */
function urlOf(file: string): string {
  const segments = path
    .relative(appDir, path.dirname(file))
    .split(path.sep)
    .filter((s) => s && !/^\(.*\)$/.test(s))
    .map((s) => (s === "[...nextauth]" ? "session" : s === "[action]" ? "cancel" : /^\[.*\]$/.test(s) ? sampleId : s));
  return `/${segments.join("/")}`;
}

const routes: Route[] = walk(appDir)
  .filter((f) => /[/\\](route\.ts|page\.tsx)$/.test(f))
  .map((file) => {
    const kind = file.endsWith("route.ts") ? "route" : "page";
    const source = readFileSync(file, "utf8");
    const methods =
      kind === "page"
        ? ["GET"]
        : [...source.matchAll(/export\s+(?:const|async function|function)\s+(GET|POST|PUT|PATCH|DELETE)\b|export\s+const\s+\{([^}]+)\}/g)].flatMap((m) =>
            m[1] ? [m[1]] : m[2]!.split(",").map((s) => s.trim()),
          );
    return { file: path.relative(appDir, file), url: urlOf(file), methods, kind };
  });

/** Public on purpose, each with why. Anything else must refuse a caller without credentials. */
const publicRoutes: Record<string, string> = {
  "GET /api/health": "load balancers and the fresh-clone check probe it",
  "GET /api/v1/openapi.json": "the API's description; holds no data",
  "GET /api/auth/session": "Auth.js: answers null without a session (signing in starts here)",
  "POST /api/auth/session": "Auth.js: answers null without a session",
  "GET /login": "the sign-in page",
  // The callers helper puts GET /api/metrics behind a token or an allowed address; until merged it answers the
  // loopback this test calls from. It is checked below to hold no task data either way.
  "GET /api/metrics": "needs its token or an allowed address (loopback here)",
};

let client: TestClient;
let staleCookie: string;

beforeAll(async () => {
  client = await newClient("routes");
  // A real session cookie whose user was disabled afterwards: the proxy lets it through (it cannot ask the
  // database), so every page and handler must refuse it itself.
  const user = await newUser("admin", "stale");
  staleCookie = (await signIn(user.username, user.password)).cookie;
  await setUserDisabled(testDb.db, { id: user.id, disabled: true, actorId: -1, actor: "user:routes-test" });
});

async function call(method: string, url: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${baseUrl()}${url}`, {
    method,
    redirect: "manual",
    headers: { "content-type": "application/json", ...headers },
    body: method === "GET" ? undefined : "{}",
  });
  const text = await res.text();
  return { status: res.status, location: res.headers.get("location"), text };
}

/** Refused as each kind of route refuses: 401/403 in the API's shape, kkbida's bare 401, a page's trip to the login. */
function expectRefused(route: Route, method: string, res: Awaited<ReturnType<typeof call>>) {
  const what = `${method} ${route.url} (${route.file}) answered ${res.status} ${res.location ?? ""} ${res.text.slice(0, 200)}`;
  if (route.kind === "page") {
    expect([303, 307, 308], what).toContain(res.status);
    // The home page only forwards to the overview, which then refuses like every other page.
    expect(route.url === "/" ? ["/login", "/overview"] : ["/login"], what).toContain(new URL(res.location!, baseUrl()).pathname);
    return;
  }
  expect([401, 403], what).toContain(res.status);
  if (route.url === "/api/addTask") return;
  expect(JSON.parse(res.text), what).toMatchObject({ error: { code: expect.stringMatching(/^(unauthorized|forbidden)$/) } });
}

describe("every route under app/ refuses a caller without its key or session", () => {
  it("finds the routes (the walk itself works)", () => {
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.map((r) => r.url)).toEqual(expect.arrayContaining(["/api/v1/tasks", "/api/addTask", "/api/events", "/overview"]));
    for (const r of routes) expect(r.methods.length, r.file).toBeGreaterThan(0);
  });

  it("without credentials, only the named public routes answer", async () => {
    const answered: string[] = [];
    for (const route of routes) {
      for (const method of route.methods) {
        const key = `${method} ${route.url}`;
        const res = await call(method, route.url);
        if (key in publicRoutes || route.url.startsWith("/api/auth/")) {
          expect(res.status, key).toBeLessThan(500);
          if (res.status < 300) answered.push(key);
          continue;
        }
        expectRefused(route, method, res);
      }
    }
    // Public ones are public (the list is not wider than what answers).
    expect(answered).toEqual(expect.arrayContaining(["GET /api/health", "GET /api/v1/openapi.json", "GET /login"]));
  });

  it("a wrong key, a forged cookie, or a disabled user's real session gets nothing either", async () => {
    const forged = { authorization: "Bearer bida_nope_0123456789abcdef", username: "nope", password: "nope", cookie: "authjs.session-token=eyJhbGciOiJkaXIiLCJlbmMiOiJBMjU2R0NNIn0..forged.forged.forged" };
    const stale = { cookie: staleCookie };
    for (const route of routes) {
      for (const method of route.methods) {
        const key = `${method} ${route.url}`;
        if (key in publicRoutes || route.url.startsWith("/api/auth/")) continue;
        expectRefused(route, method, await call(method, route.url, forged));
        expectRefused(route, method, await call(method, route.url, stale));
      }
    }
  });

  it("an API key opens the client API only, never the console", async () => {
    for (const route of routes) {
      if (!route.url.startsWith("/api/console") && route.url !== "/api/events") continue;
      for (const method of route.methods) {
        expectRefused(route, method, await call(method, route.url, { authorization: `Bearer ${client.apiKey}` }));
      }
    }
  });

  it("metrics carry counts only, no task data", async () => {
    const res = await call("GET", "/api/metrics");
    if (res.status === 200) {
      expect(res.text).toMatch(/^# (HELP|TYPE) /m);
      expect(res.text).not.toContain(client.apiKey);
      // Per-host gauges name a target host by its origin (scheme://host:port, as the host gate keys it); no URL
      // with a path or query (where task data and secrets live) may appear.
      expect(res.text).not.toMatch(/https?:\/\/[^"\s/]+\/[^"\s]*/);
      expect(res.text).not.toMatch(/https?:\/\/[^"\s]*\?/);
    } else {
      expect([401, 403]).toContain(res.status);
    }
  });
});
