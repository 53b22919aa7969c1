import { trace, type Tracer } from "@opentelemetry/api";

/**
 * Whether this process started the tracing SDK (start-tracing.ts). Kept on globalThis because the web runs two
 * copies of lib/: the server's bundle (direct routes) and Next's (every other route); both must see it.
 */
const flag = Symbol.for("bida.tracing.started");
const g = globalThis as unknown as Record<symbol, boolean | undefined>;

export const tracingStarted = () => g[flag] === true;
export const markTracingStarted = () => {
  g[flag] = true;
};

/** Bida's tracer: the API's global provider, which is a no-op until the SDK registers one. */
export const tracer = (): Tracer => trace.getTracer("bida");
