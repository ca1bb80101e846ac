/**
 * A text's code units as bytes, for the passes that read a text byte by byte or word by word (the
 * keyword automaton, the known-value index). latin1 keeps one byte per UTF-16 code unit (its low
 * byte), so offsets stay the string's; a code unit above 0xff can only add a candidate that an
 * exact check on the string then rejects. Indexing bytes is about twice as fast as charCodeAt.
 *
 * One buffer serves every pass over a text: written once per text, it is read by both passes
 * while still in the processor's cache, and takes half the cache that two copies would (the
 * automaton's table needs the rest). Single-threaded: a text is written only when the previous
 * one's passes are done. Its start is word-aligned, so it can be read as 16- and 32-bit words.
 */
export interface Latin1Bytes {
  bytes: Uint8Array;
  halves: Uint16Array;
  words: Int32Array;
  length: number;
  /** The same memory, for Buffer.write. */
  writer: Buffer;
}

let shared: Latin1Bytes = allocate(64 * 1024);
let writes = 0;

function allocate(size: number): Latin1Bytes {
  const buffer = new ArrayBuffer((size + 3) & ~3);
  return { bytes: new Uint8Array(buffer), halves: new Uint16Array(buffer), words: new Int32Array(buffer), length: 0, writer: Buffer.from(buffer) };
}

/** The text written into the shared buffer (valid until the next call). */
export function latin1Bytes(text: string): Latin1Bytes {
  const length = text.length;
  if (shared.bytes.length < length) shared = allocate(Math.max(length, shared.bytes.length * 2));
  shared.writer.write(text, 0, length, "latin1");
  shared.length = length;
  writes++;
  return shared;
}

/** Changes at every latin1Bytes call: a pass reusing bytes written earlier checks it is unchanged. */
export function latin1Writes(): number {
  return writes;
}
