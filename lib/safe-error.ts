/**
 * What of an error may be logged. mysql2's errors carry the statement (`sql`) and drizzle's the statement and its
 * bound parameters (in `message`, "Failed query: … params: …"): task headers and bodies of every client in the
 * batch, Authorization values among them. A database error is logged by its codes and the server's message, with
 * quoted values in that message replaced; other errors keep their message and stack.
 */
export interface SafeError {
  type: string;
  message: string;
  code?: string;
  errno?: number;
  sqlState?: string;
  stack?: string;
  cause?: SafeError;
}

const maxMessage = 1000;
// A quoted name ('url', `bida`.`tasks`) says where; any other quoted text is a value and may be a secret.
const quoted = /'((?:[^'\\]|\\.|'')*)'/g;
const identifier = /^[A-Za-z0-9_$.]{1,64}$/;

function isDbError(e: object): boolean {
  const x = e as { sql?: unknown; sqlMessage?: unknown; sqlState?: unknown; errno?: unknown; query?: unknown; params?: unknown };
  return x.sql !== undefined || x.sqlMessage !== undefined || x.sqlState !== undefined || (x.query !== undefined && x.params !== undefined);
}

/** The server's message with every quoted value replaced ('…'); names of columns, keys and tables stay. */
export function scrubDbMessage(message: string): string {
  return message.replace(quoted, (whole, inner: string) => (identifier.test(inner) ? whole : "'…'")).slice(0, maxMessage);
}

function summarize(e: unknown, depth: number): SafeError {
  if (e === null || typeof e !== "object") return { type: typeof e, message: String(e).slice(0, maxMessage) };
  const x = e as { name?: unknown; message?: unknown; code?: unknown; errno?: unknown; sqlState?: unknown; sqlMessage?: unknown; stack?: unknown; cause?: unknown };
  const type = typeof x.name === "string" ? x.name : (e.constructor?.name ?? "Error");
  const db = isDbError(e);
  const raw = typeof x.sqlMessage === "string" ? x.sqlMessage : typeof x.message === "string" ? x.message : "";
  // drizzle's DrizzleQueryError: the message is the query and its params, the database's error is its cause.
  const drizzle = /^Failed query:/.test(raw);
  const out: SafeError = { type, message: drizzle ? "Failed query" : db ? scrubDbMessage(raw) : raw.slice(0, maxMessage) };
  if (typeof x.code === "string") out.code = x.code;
  if (typeof x.errno === "number") out.errno = x.errno;
  if (typeof x.sqlState === "string") out.sqlState = x.sqlState;
  if (x.cause !== undefined && depth < 4) out.cause = summarize(x.cause, depth + 1);
  // A stack's first line repeats the message.
  if (!db && !drizzle && typeof x.stack === "string") out.stack = x.stack;
  return out;
}

function touchesDb(s: SafeError): boolean {
  return s.message === "Failed query" || s.sqlState !== undefined || s.errno !== undefined || (s.cause !== undefined && touchesDb(s.cause));
}

/** The error as it may be logged (pino's `err` serializer, lib/logger.ts); a string stays a string. */
export function safeError(err: unknown): SafeError | string {
  if (typeof err === "string") return /^(DrizzleQueryError: )?Failed query:/.test(err) ? "Failed query" : err.slice(0, maxMessage);
  const s = summarize(err, 0);
  // A wrapper's stack may quote a database error's message (new Error(`…: ${err.message}`)); keep none then.
  if (touchesDb(s)) {
    const strip = (x: SafeError): SafeError => ({ ...x, stack: undefined, cause: x.cause && strip(x.cause) });
    return strip(s);
  }
  return s;
}
