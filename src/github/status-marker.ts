import { z } from "zod";

/**
 * The hidden first line of a status comment, which is how the bot finds its comment again:
 *
 *     <!-- stakpak:{"cmd":"plan","project":"network","env":"staging","sha":"0123abc…"} -->
 *
 * JSON inside an HTML comment (GitHub does not render it). `env` is null for a project without
 * environments. A report too long for one comment is posted as several, and parts after the first
 * carry `"part":2`, `"part":3`, …. `<` and `>` are written as JSON escapes, so no name can end the
 * HTML comment early. Unknown keys are ignored when reading, so later versions can add some.
 */
export interface StatusKey {
  /** The command the comment reports on: `plan`, `apply`, …. */
  cmd: string;
  project: string;
  env: string | null;
}

export interface StatusMarker extends StatusKey {
  /** The head commit the result is for. */
  sha: string;
  /** 1 for a single comment or the first part. */
  part: number;
}

const MARKER = /<!--\s*stakpak:(\{.*?\})\s*-->/s;

const markerSchema = z.object({
  cmd: z.string().min(1),
  project: z.string().min(1),
  env: z.string().min(1).nullable(),
  sha: z.string().regex(/^[0-9a-f]{7,64}$/i),
  part: z.number().int().min(1).optional(),
});

export function formatStatusMarker(marker: StatusMarker): string {
  const fields: Record<string, string | number | null> = { cmd: marker.cmd, project: marker.project, env: marker.env, sha: marker.sha };
  if (marker.part > 1) fields.part = marker.part;
  const json = JSON.stringify(fields).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
  return `<!-- stakpak:${json} -->`;
}

/** The marker in a comment body, or null when there is none or it is not one this bot wrote. */
export function parseStatusMarker(body: string | null | undefined): StatusMarker | null {
  const match = MARKER.exec(body ?? "");
  if (!match) return null;
  let json: unknown;
  try {
    json = JSON.parse(match[1] as string);
  } catch {
    return null;
  }
  const parsed = markerSchema.safeParse(json);
  if (!parsed.success) return null;
  const { cmd, project, env, sha, part } = parsed.data;
  return { cmd, project, env, sha: sha.toLowerCase(), part: part ?? 1 };
}

export function sameStatusKey(a: StatusKey, b: StatusKey): boolean {
  return a.cmd === b.cmd && a.project === b.project && a.env === b.env;
}
