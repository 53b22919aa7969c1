/**
 * How much one live stream (GET /api/events) may hold for a reader that is not reading: about a minute of a busy
 * system's events. Past it the stream ends, and the browser reconnects and reloads what it shows.
 */
export const eventStreamLimits = { bufferBytes: 1024 * 1024 } as const;
