import type { IncomingMessage, ServerResponse } from "node:http";
import { MAX_BODY_BYTES, requestWithBody } from "./read-body";

/**
 * Reads at most `limit + 1` bytes of a Node request's body: enough for the route handler's own size check
 * (readBodyText) to see that it is too large and answer 413 in its own shape, without buffering the rest.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? "NaN");
  // The handler refuses a declared size over the limit from the header alone.
  if (Number.isFinite(declared) && declared > limit) {
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
export async function toWebRequest(req: IncomingMessage, origin: string): Promise<Request> {
  const headers: [string, string][] = [];
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.push([raw[i]!, raw[i + 1]!]);
  const url = origin + (req.url ?? "/");
  if (req.method === "GET" || req.method === "HEAD") return new Request(url, { method: req.method, headers });
  // The route handlers read bodies with readBodyText, which takes this one as it is.
  return requestWithBody(url, { method: req.method, headers }, await readBody(req, MAX_BODY_BYTES));
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
