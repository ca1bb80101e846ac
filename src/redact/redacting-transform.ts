import { StringDecoder } from "node:string_decoder";
import { Transform, type TransformCallback } from "node:stream";
import type { Finding, Redactor } from "./redactor.js";
import { StreamRedactor, type StreamRedactorOptions } from "./stream-redactor.js";

/**
 * A Node Transform that redacts bytes flowing through it (a command's stdout, a log file), for
 * code that pipes: `child.stdout.pipe(createRedactingTransform(redactor)).pipe(log)`. UTF-8 is
 * decoded across chunk boundaries; a secret split between chunks is never let through.
 */
export function createRedactingTransform(
  redactor: Redactor,
  options: StreamRedactorOptions & { onFinding?: (finding: Finding) => void } = {},
): Transform {
  const stream = new StreamRedactor(redactor, options);
  const decoder = new StringDecoder("utf8");
  let reported = 0;
  const report = (): void => {
    for (; reported < stream.findings.length; reported++) options.onFinding?.(stream.findings[reported]!);
  };
  return new Transform({
    transform(chunk: Buffer | string, _encoding: BufferEncoding, callback: TransformCallback) {
      const out = stream.write(typeof chunk === "string" ? chunk : decoder.write(chunk));
      report();
      callback(null, out.text.length ? out.text : undefined);
    },
    flush(callback: TransformCallback) {
      const out = stream.write(decoder.end());
      const rest = stream.end();
      report();
      callback(null, out.text + rest.text || undefined);
    },
  });
}
