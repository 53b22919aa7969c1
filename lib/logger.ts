import pino from "pino";
import { env } from "./env";

// Secrets never reach logs: these paths are replaced wherever they appear.
export const logger = pino({
  level: env.logLevel,
  base: undefined,
  redact: {
    paths: ["password", "apiKey", "secret", "authorization", "headers.authorization", "*.password", "*.apiKey", "*.secret", "signingSecret", "*.signingSecret", "headers.cookie", "*.headers.authorization", "*.headers.cookie"],
    censor: "[redacted]",
  },
});

export type Logger = typeof logger;
