// The benchmark's target: a bare node:http server in its own process (so it never competes with the bench's
// event loop), answering every call with 200 "ok" and recording when each task's first call arrived.
// It talks to the bench over the fork IPC channel and exits when that channel closes.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type ReceiverRequest = { type: "arrivals"; ids: string[] } | { type: "count" };
export type ReceiverReply =
  | { type: "ready"; port: number }
  | { type: "arrivals"; times: Array<number | null> }
  | { type: "count"; calls: number; tasks: number };

/** Wall-clock time with sub-millisecond precision, comparable across processes on one machine. */
const now = () => performance.timeOrigin + performance.now();

const firstArrival = new Map<string, number>();
let calls = 0;

const server = http.createServer((req, res) => {
  // Taken when the headers arrive: the latency the bench reports ends when the call reaches the receiver.
  const at = now();
  calls++;
  const id = req.headers["x-bida-task-id"];
  if (typeof id === "string" && !firstArrival.has(id)) firstArrival.set(id, at);
  req.resume();
  req.on("end", () => res.end("ok"));
});
server.keepAliveTimeout = 60_000;

const send = (reply: ReceiverReply) => process.send?.(reply);

process.on("message", (msg: ReceiverRequest) => {
  if (msg.type === "arrivals") send({ type: "arrivals", times: msg.ids.map((id) => firstArrival.get(id) ?? null) });
  else if (msg.type === "count") send({ type: "count", calls, tasks: firstArrival.size });
});
// The bench went away (finished, crashed or killed): nothing is left to serve.
process.on("disconnect", () => process.exit(0));

server.listen(0, "127.0.0.1", () => send({ type: "ready", port: (server.address() as AddressInfo).port }));
