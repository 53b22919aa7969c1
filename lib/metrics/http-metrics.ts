import { Histogram, Registry } from "prom-client";

/**
 * Request durations of the web's API routes. The web runs two copies of lib/ (the server bundle serving the
 * submit routes directly, and Next's for everything else), so the histogram lives on globalThis: both copies
 * observe into it and /api/metrics serves it.
 */
const key = Symbol.for("bida.http.metrics");
const g = globalThis as unknown as Record<symbol, { registry: Registry; duration: Histogram<"route" | "method" | "status"> } | undefined>;

export function httpMetrics() {
  let m = g[key];
  if (!m) {
    const registry = new Registry();
    const duration = new Histogram({
      name: "bida_http_request_duration_seconds",
      help: "Duration of API requests by route template (e.g. /api/v1/tasks/[id]), method and status",
      labelNames: ["route", "method", "status"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    });
    m = g[key] = { registry, duration };
  }
  return m;
}

/**
 * The route template of a request: each path segment that is one of the route's parameter values is replaced by
 * `[name]` (catch-all values by `[...name]`), so task ids never become label values.
 */
export function routeTemplate(pathname: string, params: Record<string, string | string[] | undefined>): string {
  let path = pathname;
  for (const [name, value] of Object.entries(params)) {
    if (Array.isArray(value)) {
      const tail = value.map(encodeURIComponent).join("/");
      if (tail && path.endsWith(`/${tail}`)) path = `${path.slice(0, -tail.length)}[...${name}]`;
    } else if (value) {
      const seg = encodeURIComponent(value);
      path = path.split("/").map((s) => (s === seg || s === value ? `[${name}]` : s)).join("/");
    }
  }
  return path;
}

/** Times a handler under a fixed route template. */
export function observeRequest(route: string, method: string, status: number, startedAt: bigint) {
  const seconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
  httpMetrics().duration.observe({ route, method, status: String(status) }, seconds);
}

/** Wraps a route handler that has no apiHandler (kkbida's addTask) so its requests are timed too. */
export function timedRoute<C>(route: string, handler: (req: Request, ctx: C) => Promise<Response>) {
  return async (req: Request, ctx: C): Promise<Response> => {
    const started = process.hrtime.bigint();
    let status = 500;
    try {
      const res = await handler(req, ctx);
      status = res.status;
      return res;
    } finally {
      observeRequest(route, req.method, status, started);
    }
  };
}
