import type { RedactionRule } from "../redaction-rule.js";
import { ALNUM, BASE64URL, fake } from "./fake-token.js";
import { token } from "./keyed-pattern.js";

/** Design, file-sharing, IoT and developer-tool tokens whose prefix alone identifies them. */
export const WORKSPACE_RULES: readonly RedactionRule[] = [
  {
    id: "figma-token",
    description: "Figma personal, OAuth or refresh token (figd_, figo_, figu_, figor_, figur_, figuh_, figoh_)",
    keywords: ["figd_", "figo_", "figu_", "figor_", "figur_", "figuh_", "figoh_"],
    pattern: token("fig(?:d|o|u|or|ur|uh|oh)_[A-Za-z0-9_-]{40}"),
    secretGroup: 1,
    entropy: 3.5,
    examples: { match: [`FIGMA_TOKEN=figd_${fake("figma", 40, BASE64URL)}`], noMatch: ["figd_short", `figon_${fake("figma-not", 40, BASE64URL)}`] },
  },
  {
    id: "dropbox-token",
    description: "Dropbox short-lived access token (sl.)",
    keywords: ["sl."],
    pattern: token("sl\\.[A-Za-z0-9_-]{130,200}"),
    secretGroup: 1,
    entropy: 4,
    examples: { match: [`DROPBOX_ACCESS_TOKEN=sl.${fake("dropbox", 140, BASE64URL)}`], noMatch: ["see tsl.md and sl.ts"] },
  },
  {
    id: "adafruit-io-key",
    description: "Adafruit IO key (aio_ + 28)",
    keywords: ["aio_"],
    pattern: token("aio_[A-Za-z0-9]{28}"),
    secretGroup: 1,
    entropy: 3.5,
    examples: { match: [`ADAFRUIT_IO_KEY=aio_${fake("adafruit", 28, ALNUM)}`], noMatch: ["aio_read_timeout_seconds_value"] },
  },
  {
    id: "chief-tools-token",
    description: "Chief Tools personal access token (ctp_ + 36)",
    keywords: ["ctp_"],
    pattern: token("ctp_[A-Za-z0-9]{36}"),
    secretGroup: 1,
    entropy: 3.5,
    examples: { match: [`CHIEF_TOKEN=ctp_${fake("chief", 36, ALNUM)}`], noMatch: ["ctp_config_path"] },
  },
];
