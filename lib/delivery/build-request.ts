import type { HttpMethod, Task } from "../db/schema/tasks";
import { openSecretHeaders } from "../tasks/secret-headers";
import { withoutInternalHeaders } from "../tasks/internal-headers";
import { outgoingTraceparent } from "../tracing/outgoing-traceparent";

export interface OutboundRequest {
  url: string;
  method: HttpMethod;
  headers: Record<string, string>;
  body: string | undefined;
}

export const userAgent = "Bida/0.1";

const jsonType = "application/json; charset=utf-8";
// The charset is not required by the form spec, but servlet containers decode form bodies as ISO-8859-1 without
// it, which turns 上海 into mojibake on the Java systems kkbida's clients call.
const formType = "application/x-www-form-urlencoded; charset=utf-8";

/**
 * The HTTP request for attempt `n` of a task.
 *
 * - GET and DELETE: params join the URL's own query string.
 * - POST, PUT, PATCH: params become the body, JSON or form-encoded by `bodyType`. A task without params sends no
 *   body at all (and no content-type): Bida sends what the caller gave it, and an invented `{}` could mean
 *   something to the receiver.
 * - The task's own headers override ours (user-agent, content-type), except the x-bida-* headers, which
 *   receivers rely on to drop duplicate deliveries.
 */
export function buildRequest(
  task: Pick<Task, "id" | "url" | "method" | "params" | "bodyType" | "headers">,
  n: number,
): OutboundRequest {
  const url = new URL(task.url);
  url.hash = ""; // fragments never go over the wire
  const headers: Record<string, string> = { "user-agent": userAgent };
  let body: string | undefined;

  const params = task.params ?? null;
  if (task.method === "GET" || task.method === "DELETE") {
    const query = encodePairs(params, encodeURIComponent);
    if (query) url.search = url.search ? `${url.search}&${query}` : `?${query}`;
  } else if (params) {
    if (task.bodyType === "form") {
      body = encodePairs(params, formEncode);
      headers["content-type"] = formType;
    } else {
      body = JSON.stringify(params);
      headers["content-type"] = jsonType;
    }
  }

  // Credential headers are stored sealed (lib/tasks/secret-headers.ts) and opened only here, for the call.
  for (const [name, value] of Object.entries(openSecretHeaders(withoutInternalHeaders(task.headers)) ?? {})) headers[name.toLowerCase()] = value;
  // The submitter's trace, carried on as a child (of the attempt's span when tracing runs): the receiver's logs join it.
  const traceparent = outgoingTraceparent(task.headers);
  if (traceparent) headers.traceparent = traceparent;
  headers["x-bida-task-id"] = task.id;
  headers["x-bida-attempt"] = String(n);

  return { url: url.toString(), method: task.method, headers, body };
}

/**
 * `key=value&…` from params: arrays repeat their key, nested objects travel as JSON text, null and undefined are
 * left out. The query string uses %20 for spaces, which every server decodes; form bodies use `+` as the form
 * encoding prescribes.
 */
function encodePairs(params: Record<string, unknown> | null, encode: (s: string) => string): string {
  if (!params) return "";
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item === null || item === undefined) continue;
      parts.push(`${encode(key)}=${encode(scalar(item))}`);
    }
  }
  return parts.join("&");
}

function scalar(value: unknown): string {
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

function formEncode(s: string): string {
  return encodeURIComponent(s).replace(/%20/g, "+");
}
