import { getTaskEventHub } from "@/lib/console/task-event-hub";
import { eventStreamLimits } from "@/lib/console/event-stream-limits";
import { env } from "@/lib/env";
import { ApiError } from "@/lib/errors";
import { withSession } from "@/lib/http/with-session";
import { stillSignedIn } from "@/lib/auth/still-signed-in";

export const dynamic = "force-dynamic";

const encoder = new TextEncoder();
// Comments keep proxies from closing an idle stream; `retry` makes the browser come back fast after a restart.
const heartbeatMs = 15_000;

/** Live task status changes as Server-Sent Events (`event: tasks`, data: a JSON array of task events). */
export const GET = withSession(async (req, { user }) => {
  if (getTaskEventHub().stopping) {
    // The browser retries on its own; by then another instance (or this one, restarted) answers.
    return new Response("stopping", { status: 503, headers: { "Retry-After": "1", Connection: "close" } });
  }
  if (getTaskEventHub().openFor(user.id) >= env.web.eventStreamsPerUser) {
    throw new ApiError("rate_limited", `At most ${env.web.eventStreamsPerUser} live streams per user; close a console tab.`);
  }
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        const end = () => {
          cleanup();
          try {
            controller.close();
          } catch {
            // already closed
          }
        };
        const send = (text: string) => {
          // Backpressure: a reader that stopped reading would have every event buffered here for as long as it
          // stays connected. Past the buffer's limit the stream ends; the browser reconnects and reloads.
          if ((controller.desiredSize ?? 0) <= 0) return end();
          try {
            controller.enqueue(encoder.encode(text));
          } catch {
            cleanup();
          }
        };
        send("retry: 1000\n: connected\n\n");
        const unsubscribe = getTaskEventHub().add((message) => send(`event: tasks\ndata: ${message}\n\n`), end, user.id);
        const heartbeat = setInterval(() => {
          // A session ended meanwhile (disabled, role or password changed) ends its stream too.
          void stillSignedIn(user).then((ok) => (ok ? send(": ping\n\n") : end()), () => send(": ping\n\n"));
        }, heartbeatMs);
        cleanup = () => {
          clearInterval(heartbeat);
          unsubscribe();
        };
        req.signal.addEventListener("abort", end);
      },
      cancel() {
        cleanup();
      },
    },
    new ByteLengthQueuingStrategy({ highWaterMark: eventStreamLimits.bufferBytes }),
  );
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      // no-transform keeps compression from buffering the stream.
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
});
