import { DecoderV2, EncoderV2 } from "hessian.js";
import { PROTOCOL_VERSION, supportsResponseAttachments } from "./protocol-version";

/** A decoded request body (DubboCodec's order: version, path, service version, method, descriptor, args, attachments). */
export interface Invocation {
  dubboVersion: string;
  path: string;
  version: string;
  method: string;
  /** The JVM parameter descriptor, e.g. `Lcn/keking/callcenter/sdk/model/CallBackTask;`. */
  parameterTypes: string;
  args: unknown[];
  attachments: Record<string, string>;
}

/** A body that could not be read as an invocation: answered with BAD_REQUEST, the connection kept. */
export class BodyError extends Error {}

/** How many parameters a JVM method descriptor names (`I[JLjava/lang/String;` is three). */
export function countParameters(descriptor: string): number {
  let n = 0;
  let i = 0;
  while (i < descriptor.length) {
    while (descriptor[i] === "[") i++;
    const c = descriptor[i];
    if (c === "L") {
      const end = descriptor.indexOf(";", i);
      if (end === -1) throw new BodyError(`parameter descriptor ${JSON.stringify(descriptor)} is not valid`);
      i = end + 1;
    } else if (c !== undefined && "ZBCDFIJS".includes(c)) {
      i++;
    } else {
      throw new BodyError(`parameter descriptor ${JSON.stringify(descriptor)} is not valid`);
    }
    n++;
  }
  return n;
}

const text = (v: unknown, what: string): string => {
  if (v === null || v === undefined) return "";
  if (typeof v !== "string") throw new BodyError(`${what} is not a string`);
  return v;
};

/** Reads a request body; throws BodyError for anything that is not a well-formed hessian2 invocation. */
export function decodeInvocation(body: Buffer): Invocation {
  // One decoder for the whole body: class definitions and references carry from the arguments to the attachments.
  const d = new DecoderV2(body);
  const read = () => {
    if (d.position() >= body.length) throw new BodyError("the body ends early");
    try {
      return d.read(false);
    } catch (err) {
      throw new BodyError(`hessian2: ${(err as Error).message}`);
    }
  };
  const dubboVersion = text(read(), "the dubbo version");
  const path = text(read(), "the service path");
  const version = text(read(), "the service version");
  const method = text(read(), "the method name");
  const parameterTypes = text(read(), "the parameter types");
  const args = Array.from({ length: countParameters(parameterTypes) }, () => read());
  const attachments: Record<string, string> = {};
  if (d.position() < body.length) {
    const map = read();
    if (map !== null && typeof map === "object" && !Array.isArray(map)) {
      for (const [k, v] of Object.entries(map)) if (typeof v === "string") attachments[k] = v;
    }
  }
  return { dubboVersion, path, version, method, parameterTypes, args, attachments };
}

/** Dubbo's result flags (DubboCodec.RESPONSE_*); +3 for the same with attachments. */
const RESULT_EXCEPTION = 0;
const RESULT_VALUE = 1;
const RESULT_NULL = 2;
const WITH_ATTACHMENTS = 3;

export type Outcome = { value: unknown } | { exception: { className: string; message: string } };

function encoder(): EncoderV2 {
  return new EncoderV2({ size: 1024 });
}

/**
 * The body of an OK response: a hessian int flag, the value or the Throwable, and the attachments map for
 * consumers whose dubbo version can read one (older ones fail on flags 3-5).
 */
export function encodeResult(outcome: Outcome, consumerVersion: string): Buffer {
  const e = encoder();
  const attach = supportsResponseAttachments(consumerVersion) ? WITH_ATTACHMENTS : 0;
  if ("exception" in outcome) {
    e.writeInt(RESULT_EXCEPTION + attach);
    // A Java Throwable as Hessian writes one: its class and fields; the consumer's deserializer sets the message.
    e.write({ $class: outcome.exception.className, $: { detailMessage: outcome.exception.message } });
  } else if (outcome.value === null || outcome.value === undefined) {
    e.writeInt(RESULT_NULL + attach);
  } else {
    e.writeInt(RESULT_VALUE + attach);
    e.write(outcome.value);
  }
  if (attach) e.write({ dubbo: PROTOCOL_VERSION });
  return e.get();
}

/** The body of a non-OK response: one hessian string, the error message. */
export function encodeErrorMessage(message: string): Buffer {
  return encoder().writeString(message).get();
}

/** The body of an event (heartbeat answer: null; the read-only notice a provider sends on shutdown: "R"). */
export function encodeEventData(data: string | null): Buffer {
  const e = encoder();
  return (data === null ? e.writeNull() : e.writeString(data)).get();
}
