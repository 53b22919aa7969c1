/**
 * The Dubbo 2 exchange frame: a 16-byte header and a body. Header: magic 0xdabb; a flag byte (0x80 request,
 * 0x40 two-way, 0x20 event, low 5 bits the serialization id); a status byte (responses only); the 8-byte request
 * id; the 4-byte body length. Only the framing is ours: the body is hessian2 (serialization id 2), read and
 * written by hessian.js.
 */
export const HEADER_LENGTH = 16;
export const MAGIC = 0xdabb;
export const FLAG_REQUEST = 0x80;
export const FLAG_TWO_WAY = 0x40;
export const FLAG_EVENT = 0x20;
export const SERIALIZATION_MASK = 0x1f;
export const HESSIAN2 = 2;

/** Response status bytes, as Dubbo's Response class numbers them. */
export const Status = {
  OK: 20,
  CLIENT_TIMEOUT: 30,
  SERVER_TIMEOUT: 31,
  CHANNEL_INACTIVE: 35,
  BAD_REQUEST: 40,
  BAD_RESPONSE: 50,
  SERVICE_NOT_FOUND: 60,
  SERVICE_ERROR: 70,
  SERVER_ERROR: 80,
  CLIENT_ERROR: 90,
  SERVER_THREADPOOL_EXHAUSTED_ERROR: 100,
} as const;

export interface Frame {
  request: boolean;
  twoWay: boolean;
  event: boolean;
  serialization: number;
  status: number;
  /** The 8-byte id as an unsigned 64-bit integer; echoed back unchanged. */
  id: bigint;
  body: Buffer;
}

export function encodeFrame(f: Omit<Frame, "serialization"> & { serialization?: number }): Buffer {
  const header = Buffer.alloc(HEADER_LENGTH);
  header.writeUInt16BE(MAGIC, 0);
  header[2] = (f.request ? FLAG_REQUEST : 0) | (f.request && f.twoWay ? FLAG_TWO_WAY : 0) | (f.event ? FLAG_EVENT : 0) | ((f.serialization ?? HESSIAN2) & SERIALIZATION_MASK);
  header[3] = f.request ? 0 : f.status;
  header.writeBigUInt64BE(f.id, 4);
  header.writeUInt32BE(f.body.length, 12);
  return Buffer.concat([header, f.body]);
}

/** Why a byte stream cannot be framed any further: the connection has to be closed. */
export class FramingError extends Error {
  constructor(
    message: string,
    /** The request id of the frame that broke it, when its header was readable (a too-large body). */
    readonly id: bigint | null = null,
  ) {
    super(message);
  }
}

/**
 * Cuts a TCP byte stream into frames. Bytes are kept until a whole frame is there, so a frame split across reads
 * (or many in one read) comes out whole. A stream that does not start with the magic, or a body over the payload
 * limit, throws FramingError: past either there is no telling where the next frame starts.
 */
export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly maxPayload: number) {}

  push(chunk: Buffer): Frame[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: Frame[] = [];
    for (;;) {
      if (this.buffered < HEADER_LENGTH) return frames;
      const head = this.peek(HEADER_LENGTH);
      if (head.readUInt16BE(0) !== MAGIC) throw new FramingError("not a Dubbo frame (bad magic)");
      const id = head.readBigUInt64BE(4);
      const length = head.readUInt32BE(12);
      if (length > this.maxPayload) throw new FramingError(`body of ${length} bytes exceeds the payload limit of ${this.maxPayload}`, id);
      if (this.buffered < HEADER_LENGTH + length) return frames;
      const whole = this.take(HEADER_LENGTH + length);
      const flag = whole[2]!;
      frames.push({
        request: (flag & FLAG_REQUEST) !== 0,
        twoWay: (flag & FLAG_TWO_WAY) !== 0,
        event: (flag & FLAG_EVENT) !== 0,
        serialization: flag & SERIALIZATION_MASK,
        status: whole[3]!,
        id,
        body: whole.subarray(HEADER_LENGTH),
      });
    }
  }

  private peek(n: number): Buffer {
    if (this.chunks[0]!.length < n) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0]!.subarray(0, n);
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return out;
  }
}
