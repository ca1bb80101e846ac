import { hash } from "node:crypto";

/**
 * HMAC-SHA256 (RFC 2104) with the key's inner and outer pads computed once: two one-shot hashes
 * per value instead of a new Hmac object (a fifth of the cost of a new placeholder). The key is
 * exactly one SHA-256 block (64 bytes), so it needs no hashing or padding.
 */
export function keyedHmac(key: Buffer): (value: string) => string {
  if (key.length !== 64) throw new Error("keyedHmac: the key must be 64 bytes");
  const inner = Buffer.alloc(64);
  const outer = Buffer.alloc(64);
  for (let i = 0; i < 64; i++) {
    inner[i] = key[i]! ^ 0x36;
    outer[i] = key[i]! ^ 0x5c;
  }
  return (value) => hash("sha256", Buffer.concat([outer, hash("sha256", Buffer.concat([inner, Buffer.from(value, "utf8")]), "buffer")]), "hex");
}
