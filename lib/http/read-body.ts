import { ApiError } from "../errors";
import { BufferedRequest } from "./buffered-request";

export const MAX_BODY_BYTES = 1024 * 1024;

/** Reads the body as text, refusing more than 1 MiB before buffering it all. */
export async function readBodyText(req: Request, limit = MAX_BODY_BYTES): Promise<string> {
  const declared = Number(req.headers.get("content-length") ?? "NaN");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (req instanceof BufferedRequest) {
    if (req.buffered.length > limit) throw tooLarge(limit);
    return req.text();
  }
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Reads and parses a JSON body: 413 over the limit, 400 when it is not JSON (or empty, unless `optional`). */
export async function readJson(req: Request, opts: { optional?: boolean; limit?: number } = {}): Promise<unknown> {
  const text = await readBodyText(req, opts.limit);
  if (text.trim() === "") {
    if (opts.optional) return {};
    throw new ApiError("bad_request", "The request body is empty; a JSON document is required.");
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ApiError("bad_request", `The request body is not valid JSON: ${(err as Error).message}`);
  }
}

const tooLarge = (limit: number) =>
  new ApiError("payload_too_large", `The request body is larger than ${limit % 1024 === 0 ? `${limit / 1024} KiB` : `${limit} bytes`}.`);
