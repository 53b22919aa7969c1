import { getTaskEventHub } from "@/lib/console/task-event-hub";
import { withSession } from "@/lib/http/with-session";

export const dynamic = "force-dynamic";

const encoder = new TextEncoder();
// Comments keep proxies from closing an idle stream; `retry` makes the browser come back fast after a restart.
const heartbeatMs = 15_000;

/** Live task status changes as Server-Sent Events (`event: tasks`, data: a JSON array of task events). */
export const GET = withSession(async (req) => {
  if (getTaskEventHub().stopping) {
    // The browser retries on its own; by then another instance (or this one, restarted) answers.
    return new Response("stopping", { status: 503, headers: { "Retry-After": "1", Connection: "close" } });
  }
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          cleanup();
        }
      };
      send("retry: 1000\n: connected\n\n");
      const end = () => {
        cleanup();
        try {
          controller.close();
        } catch {
          // already closed
        }
      };
      const unsubscribe = getTaskEventHub().add((message) => send(`event: tasks\ndata: ${message}\n\n`), end);
      const heartbeat = setInterval(() => send(": ping\n\n"), heartbeatMs);
      cleanup = () => {
        clearInterval(heartbeat);
        unsubscribe();
      };
      req.signal.addEventListener("abort", end);
    },
    cancel() {
      cleanup();
    },
  });
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
