import type { IncomingMessage, ServerResponse } from "node:http";
import { BufferedRequest } from "@/lib/http/buffered-request";
import { MAX_BODY_BYTES } from "@/lib/http/read-body";

// Route handlers read only the path and query of a request's URL; the origin is a placeholder.
const ORIGIN = "http://localhost";

/**
 * Reads at most `limit + 1` bytes of a Node request's body: enough for the route handler's own size check
 * (readBodyText) to see that it is too large and answer 413 in its own shape, without buffering the rest.
 */
function readBody(req: IncomingMessage, res: ServerResponse, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) {
    // The handler refuses it from the header alone; closing the connection afterwards spares reading the upload.
    res.shouldKeepAlive = false;
    req.resume();
    return Promise.resolve(Buffer.alloc(0));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      size += chunk.length;
      if (size > limit) {
        req.off("data", onData);
        res.shouldKeepAlive = false;
        req.resume();
        resolve(Buffer.concat(chunks, size).subarray(0, limit + 1));
      }
    };
    req.on("data", onData);
    req.on("end", () => resolve(Buffer.concat(chunks, size)));
    req.on("error", reject);
  });
}

/** The Fetch API Request a route handler expects, with the body already in memory. */
export async function toWebRequest(req: IncomingMessage, res: ServerResponse): Promise<Request> {
  // From Node's parsed headers, as Next builds them: a repeated header keeps Node's choice (the first
  // Authorization, joined values for list headers).
  const headers: [string, string][] = [];
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.push([name, Array.isArray(value) ? value.join(", ") : value]);
  }
  const url = ORIGIN + (req.url ?? "/");
  if (req.method === "GET" || req.method === "HEAD") return new Request(url, { method: req.method, headers });
  return new BufferedRequest(url, { method: req.method, headers }, await readBody(req, res, MAX_BODY_BYTES));
}

/** Writes a Fetch API Response to Node's response, buffered: the task API's answers are small. */
export async function sendWebResponse(res: ServerResponse, response: Response): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  const headers: [string, string][] = [];
  response.headers.forEach((value, name) => headers.push([name, value]));
  headers.push(["content-length", String(body.length)]);
  res.writeHead(response.status, headers);
  res.end(body);
}
