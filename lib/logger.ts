import pino from "pino";
import { env } from "./env";
import { safeError } from "./safe-error";

// Secrets never reach logs: these paths are replaced wherever they appear.
export const logger = pino({
  level: env.logLevel,
  base: undefined,
  // Errors are logged as codes and messages, never with the SQL or the bound parameters they may carry.
  serializers: { err: safeError, error: safeError },
  redact: {
    paths: ["password", "apiKey", "secret", "authorization", "headers.authorization", "*.password", "*.apiKey", "*.secret", "signingSecret", "*.signingSecret", "headers.cookie", "*.headers.authorization", "*.headers.cookie"],
    censor: "[redacted]",
  },
});

export type Logger = typeof logger;
