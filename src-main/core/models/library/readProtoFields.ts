import { readSync } from "node:fs";

/** Which fields of one message {@link readProtoFields} keeps or locates; every other field is skipped unread. */
export interface ProtoFieldSelection {
  /** Field numbers whose bytes (tag included) are copied out, to be decoded as a message of just those fields. */
  keep: ReadonlySet<number>;
  /** Field numbers whose payload's byte range is returned, for a nested message too big to copy. */
  locate?: ReadonlySet<number>;
}

export interface ProtoFields {
  /** The kept fields, concatenated: itself a valid encoding of a message declaring only those fields. */
  kept: Buffer;
  /** Payload ranges of the located fields (the last occurrence wins, as protobuf merges a repeated message). */
  located: Map<number, { start: number; end: number }>;
}

const WINDOW = 64 * 1024;

/** Reads a file through one reused 64 KiB window: fields are tiny and mostly adjacent, weights are skipped. */
class FileWindow {
  private readonly buf = Buffer.alloc(WINDOW);
  private start = 0;
  private end = 0;
  constructor(private readonly fd: number) {}

  bytes(pos: number, len: number): Buffer {
    if (pos >= this.start && pos + len <= this.end) return this.buf.subarray(pos - this.start, pos - this.start + len);
    const target = len > WINDOW ? Buffer.alloc(len) : this.buf;
    const read = readSync(this.fd, target, 0, target.length, pos);
    if (target === this.buf) [this.start, this.end] = [pos, pos + read];
    if (read < len) throw new Error(`unexpected end of file at byte ${pos + read}`);
    return target.subarray(0, len);
  }
}

/**
 * Walks the protobuf fields of one message stored at [start, end) of an open file. Length-delimited payloads
 * that are neither kept nor located are skipped by seeking, so a model's initializers cost nothing to pass.
 * Throws on anything that is not well-formed wire data: that is how a file that is not ONNX shows itself.
 */
export function readProtoFields(fd: number, start: number, end: number, select: ProtoFieldSelection): ProtoFields {
  const file = new FileWindow(fd);
  const kept: Buffer[] = [];
  const located = new Map<number, { start: number; end: number }>();
  const varint = (pos: number): [value: number, next: number] => {
    const bytes = file.bytes(pos, Math.min(10, end - pos));
    let value = 0;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i] as number;
      value += (b & 0x7f) * 2 ** (7 * i);
      if (b < 0x80) return [value, pos + i + 1];
    }
    throw new Error(`malformed varint at byte ${pos}`);
  };
  let pos = start;
  while (pos < end) {
    const [tag, afterTag] = varint(pos);
    const field = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (field === 0) throw new Error(`field number 0 at byte ${pos}`);
    let payload = afterTag;
    let next: number;
    if (wireType === 0) next = varint(afterTag)[1];
    else if (wireType === 1) next = afterTag + 8;
    else if (wireType === 5) next = afterTag + 4;
    else if (wireType === 2) {
      const [len, afterLen] = varint(afterTag);
      payload = afterLen;
      next = afterLen + len;
    } else throw new Error(`wire type ${wireType} at byte ${pos}`);
    if (next > end) throw new Error(`field ${field} at byte ${pos} runs past the end of its message (${end})`);
    if (select.keep.has(field)) kept.push(Buffer.from(file.bytes(pos, next - pos)));
    if (wireType === 2 && select.locate?.has(field)) located.set(field, { start: payload, end: next });
    pos = next;
  }
  return { kept: Buffer.concat(kept), located };
}
