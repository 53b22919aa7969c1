// The HTTP target that e2e tasks call, started by playwright.config.ts. The path says how it answers:
//   /ok/…     200 {"code":0}           /fail/…   500 "boom"
//   /slow/…   200 after 1.5 s          /flaky/…  503 twice per path, then 200
//   /drop/…   the socket is closed without an answer (a long error line, no status code)
import http from "node:http";

const port = Number(process.env.E2E_RECEIVER_PORT ?? 3471);
const seen = new Map<string, number>();

const server = http.createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const n = (seen.get(path) ?? 0) + 1;
    seen.set(path, n);
    const send = (status: number, body: string) => {
      res.writeHead(status, { "Content-Type": body.startsWith("{") ? "application/json" : "text/plain" });
      res.end(body);
    };
    if (path === "/health") return send(200, "ok");
    if (path.startsWith("/ok/")) return send(200, '{"code":0}');
    if (path.startsWith("/fail/")) return send(500, "boom");
    if (path.startsWith("/slow/")) return void setTimeout(() => send(200, '{"code":0}'), 1_500);
    if (path.startsWith("/drop/")) return void req.socket.destroy();
    if (path.startsWith("/flaky/")) return n <= 2 ? send(503, `not yet (call ${n})`) : send(200, '{"code":0}');
    send(404, "unknown path");
  });
});
server.keepAliveTimeout = 60_000;
server.listen(port, "127.0.0.1", () => console.log(`e2e receiver on ${port}`));
process.on("SIGTERM", () => server.close(() => process.exit(0)));
process.on("SIGINT", () => server.close(() => process.exit(0)));
