import { env } from "../env";
import { logger } from "../logger";
import { version } from "../../package.json";
import { markTracingStarted } from "./tracer";

export interface Tracing {
  /** Sends the spans still buffered; call before the process exits. */
  shutdown: () => Promise<void>;
}

/**
 * Starts OpenTelemetry tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set; otherwise nothing is loaded at all (the SDK
 * packages are imported only here, on demand), so an installation without a collector pays nothing. No resource
 * detectors run: the cloud ones probe metadata addresses (169.254.169.254 and the like), and a host or process
 * detector adds nothing a service name and version do not. Spans go out in batches over OTLP/HTTP (JSON).
 */
export async function startTracing(service: "bida-web" | "bida-worker"): Promise<Tracing | null> {
  const endpoint = env.tracing.endpoint;
  if (!endpoint) return null;
  const [{ NodeTracerProvider, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler }, { OTLPTraceExporter }, { resourceFromAttributes }] = await Promise.all([
    import("@opentelemetry/sdk-trace-node"),
    import("@opentelemetry/exporter-trace-otlp-http"),
    import("@opentelemetry/resources"),
  ]);
  const exporter = new OTLPTraceExporter({ url: `${endpoint}/v1/traces` });
  const provider = new NodeTracerProvider({
    // A client's sampled flag decides for its trace; only traces Bida starts itself are sampled by ratio.
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(env.tracing.sampleRatio) }),
    resource: resourceFromAttributes({ "service.name": service, "service.version": version }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1_000 })],
  });
  // Registers the provider, the W3C trace-context propagator and an AsyncLocalStorage context manager globally.
  provider.register();
  markTracingStarted();
  logger.info({ endpoint, service }, "tracing started");
  return { shutdown: () => provider.shutdown().catch((err: Error) => logger.warn({ err: err.message }, "spans not flushed at shutdown")) };
}
