import type { Socket } from "node:net";
import { logger } from "@/lib/logger";
import { BodyError, decodeInvocation, encodeErrorMessage, encodeEventData, encodeResult } from "@/lib/dubbo/body-codec";
import { encodeFrame, FrameReader, FramingError, HESSIAN2, Status, type Frame } from "@/lib/dubbo/frame";
import type { Invocation } from "@/lib/dubbo/body-codec";
import type { Reply } from "@/lib/dubbo/call-back-service";

export type Invoke = (inv: Invocation, remote: string | null) => Promise<Reply>;

// Calls in flight on one connection past which it stops reading, until half of them are answered: a consumer
// pipelining without bound cannot queue unbounded work here (Dubbo's own bound is its 200 server threads).
const PAUSE_AT = 256;
// Dubbo closes a channel it has read nothing from for three heartbeat periods (3 x 60 s); consumers send a
// heartbeat after 60 s idle, so a live consumer's connection never reaches this.
const IDLE_MS = 180_000;

export interface Connection {
  inFlight(): number;
  /** Tells the consumer this provider is going away (Dubbo's READONLY event): it picks another for new calls. */
  sayReadOnly(): void;
  end(): void;
}

/**
 * One consumer connection: frames in, each request answered with its own id as soon as its work is done, in
 * whatever order that is. A bad body is answered BAD_REQUEST and the connection kept; only a stream that cannot
 * be framed (bad magic, a body over the limit) is closed.
 */
export function serveConnection(socket: Socket, invoke: Invoke, maxPayload: number): Connection {
  const reader = new FrameReader(maxPayload);
  const remote = socket.remoteAddress ?? null;
  let inFlight = 0;
  let paused = false;
  socket.setNoDelay(true);
  socket.setKeepAlive(true, 60_000);
  socket.setTimeout(IDLE_MS, () => socket.destroy());
  socket.on("error", (err) => logger.debug({ remote, err: err.message }, "Dubbo connection error"));

  const send = (frame: Buffer) => {
    if (!socket.destroyed && socket.writable) socket.write(frame);
  };
  const answer = (id: bigint, reply: Reply, consumerVersion: string) => {
    const body = "outcome" in reply ? encodeResult(reply.outcome, consumerVersion) : encodeErrorMessage(reply.message);
    send(encodeFrame({ request: false, twoWay: false, event: false, status: reply.status, id, body }));
  };

  const handle = (f: Frame) => {
    if (!f.request) return; // answers to our own events: nothing to do
    if (f.event) {
      // A heartbeat: answered with the event flag, as the only kind of answer that carries it.
      if (f.twoWay) send(encodeFrame({ request: false, twoWay: false, event: true, status: Status.OK, id: f.id, body: encodeEventData(null) }));
      return;
    }
    if (f.serialization !== HESSIAN2) {
      if (f.twoWay) answer(f.id, { status: Status.BAD_REQUEST, message: `Serialization id ${f.serialization} is not supported; this provider speaks hessian2 (2)` }, "");
      return;
    }
    let inv: Invocation;
    try {
      inv = decodeInvocation(f.body);
    } catch (err) {
      const why = err instanceof BodyError ? err.message : "the body is not valid hessian2";
      if (f.twoWay) answer(f.id, { status: Status.BAD_REQUEST, message: `Fail to decode request due to: ${why}` }, "");
      return;
    }
    inFlight++;
    if (inFlight >= PAUSE_AT && !paused) {
      paused = true;
      socket.pause();
    }
    invoke(inv, remote)
      .catch((err: unknown): Reply => {
        logger.error({ err, remote }, "Dubbo call failed");
        return { status: Status.SERVICE_ERROR, message: "Bida could not add the task just now; try again." };
      })
      .then((reply) => {
        if (f.twoWay) answer(f.id, reply, inv.dubboVersion);
      })
      .finally(() => {
        inFlight--;
        if (paused && inFlight <= PAUSE_AT / 2) {
          paused = false;
          socket.resume();
        }
      });
  };

  let broken = false;
  socket.on("data", (chunk: Buffer) => {
    if (broken) return;
    let frames: Frame[];
    try {
      frames = reader.push(chunk);
    } catch (err) {
      broken = true;
      if (err instanceof FramingError && err.id !== null) answer(err.id, { status: Status.BAD_REQUEST, message: err.message }, "");
      logger.debug({ remote, err: (err as Error).message }, "closing a Dubbo connection that cannot be framed");
      socket.end();
      socket.destroySoon();
      return;
    }
    for (const f of frames) handle(f);
  });

  return {
    inFlight: () => inFlight,
    sayReadOnly: () => send(encodeFrame({ request: true, twoWay: false, event: true, status: 0, id: 0n, body: encodeEventData("R") })),
    end: () => socket.end(),
  };
}
