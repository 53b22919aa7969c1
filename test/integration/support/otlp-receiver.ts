import http from "node:http";
import type { AddressInfo } from "node:net";

/** A span as OTLP/HTTP JSON carries it (ids in hex), with its resource's attributes. */
export interface ReceivedSpan {
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  links: { traceId: string; spanId: string }[];
  attributes: Record<string, unknown>;
  resource: Record<string, unknown>;
}

type KeyValue = { key: string; value: Record<string, unknown> };
const flatten = (kvs: KeyValue[] | undefined) => Object.fromEntries((kvs ?? []).map((kv) => [kv.key, Object.values(kv.value)[0]]));

/**
 * A local OTLP/HTTP collector: accepts POST /v1/traces in the JSON encoding of the OTLP protobuf schema
 * (opentelemetry-proto's ExportTraceServiceRequest) and keeps every span. Written from the spec, not Bida's code.
 */
export async function startOtlpReceiver() {
  const spans: ReceivedSpan[] = [];
  const posts: string[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      posts.push(`${req.method} ${req.url} ${req.headers["content-type"]}`);
      if (req.method !== "POST" || req.url !== "/v1/traces") return res.writeHead(404).end();
      const body = JSON.parse(Buffer.concat(chunks).toString()) as {
        resourceSpans?: { resource?: { attributes?: KeyValue[] }; scopeSpans?: { spans?: Array<Record<string, unknown>> }[] }[];
      };
      for (const rs of body.resourceSpans ?? []) {
        const resource = flatten(rs.resource?.attributes);
        for (const ss of rs.scopeSpans ?? []) {
          for (const s of ss.spans ?? []) {
            spans.push({
              name: s.name as string,
              traceId: s.traceId as string,
              spanId: s.spanId as string,
              parentSpanId: (s.parentSpanId as string | undefined) ?? "",
              links: ((s.links as { traceId: string; spanId: string }[] | undefined) ?? []).map((l) => ({ traceId: l.traceId, spanId: l.spanId })),
              attributes: flatten(s.attributes as KeyValue[] | undefined),
              resource,
            });
          }
        }
      }
      res.writeHead(200, { "content-type": "application/json" }).end("{}");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    spans,
    posts,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
