import http from "node:http";
import net, { type AddressInfo } from "node:net";

/** A port with nothing listening, until `open()` puts a server there that answers 200. */
export async function refusingHost() {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((r) => probe.close(() => r()));
  let server: http.Server | null = null;
  return {
    /** The host as the gate keys it (scheme://host:port). */
    origin: `http://127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}/hook`,
    open: () => new Promise<void>((r) => {
      server = http.createServer((_req, res) => res.end("back"));
      server.listen(port, "127.0.0.1", r);
    }),
    /** Puts a server there that answers 200 after `delayMs`; reports the most calls open before its first answer. */
    openSlow: async (delayMs: number) => {
      let open = 0;
      let most = 0;
      let answered = false;
      server = http.createServer((req, res) => {
        req.resume();
        open += 1;
        if (!answered) most = Math.max(most, open);
        setTimeout(() => {
          answered = true;
          open -= 1;
          res.end("back, slowly");
        }, delayMs);
      });
      await new Promise<void>((r) => server!.listen(port, "127.0.0.1", r));
      return { mostBeforeFirstAnswer: () => most };
    },
    close: () => new Promise<void>((r) => {
      server?.closeAllConnections();
      return server ? server.close(() => r()) : r();
    }),
  };
}
