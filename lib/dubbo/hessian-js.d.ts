// hessian.js ships no types; the part of its API Bida uses (lib/dubbo/body-codec.ts).
declare module "hessian.js" {
  export class DecoderV2 {
    constructor(buf: Buffer);
    read(withType?: boolean): unknown;
    position(): number;
  }
  export class EncoderV2 {
    constructor(options?: { size?: number });
    write(value: unknown): this;
    writeInt(value: number): this;
    writeString(value: string): this;
    writeNull(): this;
    get(): Buffer;
    reset(): this;
  }
}
