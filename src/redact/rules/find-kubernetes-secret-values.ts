import { looksLikeNotASecret } from "../not-a-secret.js";

/**
 * The values under `data:` and `stringData:` of every Kubernetes Secret in a YAML stream or a
 * JSON object (`kubectl get secret -o yaml|json`, manifests, Helm output). `data` values must be
 * valid base64 whose decoded text is not itself a placeholder ("changeme" encoded is still a
 * placeholder); `stringData` values are taken as they are.
 */
export function* findKubernetesSecretValues(text: string): Generator<readonly [number, number]> {
  yield* findInYaml(text);
  yield* findInJson(text);
}

const YAML_KIND = /^kind:[ \t]*["']?Secret["']?[ \t]*$/m;
const YAML_DOC_SEPARATOR = /^---[^\n]*$/gm;
const YAML_DATA_HEADER = /^(data|stringData):[ \t]*$/gm;
const YAML_ENTRY = /^([ \t]+)["']?[\w.-]+["']?:[ \t]*(.*)$/;

function* findInYaml(text: string): Generator<readonly [number, number]> {
  const starts = [0];
  for (const m of text.matchAll(YAML_DOC_SEPARATOR)) starts.push(m.index + m[0].length);
  starts.push(text.length);
  for (let d = 0; d + 1 < starts.length; d++) {
    const docStart = starts[d]!;
    const doc = text.slice(docStart, starts[d + 1]);
    if (!YAML_KIND.test(doc)) continue;
    for (const header of doc.matchAll(YAML_DATA_HEADER)) {
      const encoded = header[1] === "data";
      let at = header.index + header[0].length + 1;
      let indent: string | undefined;
      while (at < doc.length) {
        const lineEnd = doc.indexOf("\n", at) === -1 ? doc.length : doc.indexOf("\n", at);
        const line = doc.slice(at, lineEnd);
        if (/^[ \t]*#/.test(line)) {
          at = lineEnd + 1; // a comment between entries
          continue;
        }
        const entry = YAML_ENTRY.exec(line);
        if (!entry || (indent !== undefined && entry[1] !== indent)) {
          if (line.trim() === "" || (indent !== undefined && line.startsWith(indent) && line.length > indent.length && /\s/.test(line[indent.length]!))) {
            at = lineEnd + 1; // a blank line or a continuation of a block value: part of the previous entry
            continue;
          }
          break;
        }
        indent = entry[1]!;
        const raw = entry[2]!.replace(/\s+#.*$/, "");
        const value = raw.replace(/^(["'])(.*)\1$/, "$2");
        const valueStart = docStart + at + line.length - entry[2]!.length + raw.indexOf(value);
        at = lineEnd + 1;
        if (/^[|>][-+]?$/.test(value)) {
          // A block scalar: the value is the more-indented lines that follow, joined.
          const block = blockScalarAt(doc, at, indent, encoded);
          if (block && isSecretValue(block.value, encoded)) yield [docStart + block.start, docStart + block.end];
          if (block) at = block.next;
          continue;
        }
        if (value && isSecretValue(value, encoded)) yield [valueStart, valueStart + value.length];
      }
    }
  }
}

/**
 * The lines after `key: |` indented deeper than the key: where they start and end, their joined
 * text, and the next line. Under `data` the block is base64, so it also ends at the first line that
 * is not (whatever follows an unterminated document).
 */
function blockScalarAt(doc: string, from: number, keyIndent: string, encoded: boolean): { start: number; end: number; value: string; next: number } | undefined {
  let at = from;
  let start = -1;
  let end = -1;
  const parts: string[] = [];
  while (at < doc.length) {
    const lineEnd = doc.indexOf("\n", at) === -1 ? doc.length : doc.indexOf("\n", at);
    const line = doc.slice(at, lineEnd);
    const text = line.trim();
    if (text !== "") {
      const indent = line.length - line.trimStart().length;
      if (indent <= keyIndent.length || (encoded && !/^[A-Za-z0-9+/=]+$/.test(text))) break;
      if (start === -1) start = at + indent;
      end = at + line.trimEnd().length;
      parts.push(text);
    }
    at = lineEnd + 1;
  }
  return start === -1 ? undefined : { start, end, value: parts.join(""), next: at };
}

const JSON_SECRET_KIND = /"kind"\s*:\s*"Secret"/;
const JSON_KIND = /"kind"\s*:\s*"([^"]*)"/g;
const JSON_DATA = /"(data|stringData)"\s*:\s*\{([^{}]*)\}/g;
const JSON_ENTRY = /"[\w.-]+"\s*:\s*"([^"\\]*)"/g;

function* findInJson(text: string): Generator<readonly [number, number]> {
  if (!JSON_SECRET_KIND.test(text)) return;
  const kinds = [...text.matchAll(JSON_KIND)].map((m) => ({ at: m.index, kind: m[1] }));
  for (const block of text.matchAll(JSON_DATA)) {
    // In a List (`kubectl get cm,secret -o json`) a data block belongs to the object whose
    // "kind" is nearest to it: only a Secret's data is taken.
    let nearest: { at: number; kind: string | undefined } | undefined;
    for (const k of kinds) if (!nearest || Math.abs(k.at - block.index) < Math.abs(nearest.at - block.index)) nearest = k;
    if (nearest?.kind !== "Secret") continue;
    const encoded = block[1] === "data";
    const bodyStart = block.index + block[0].indexOf("{") + 1;
    for (const entry of block[2]!.matchAll(JSON_ENTRY)) {
      const value = entry[1]!;
      const start = bodyStart + entry.index + entry[0].length - value.length - 1;
      if (value && isSecretValue(value, encoded)) yield [start, start + value.length];
    }
  }
}

function isSecretValue(value: string, encoded: boolean): boolean {
  if (!encoded) return value.length >= 4 && !looksLikeNotASecret(value);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return false;
  const decoded = Buffer.from(value, "base64").toString("utf8");
  return decoded.trim().length > 0 && !looksLikeNotASecret(decoded.trim());
}
