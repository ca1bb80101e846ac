import { z } from "zod";

/**
 * The hidden first line of the bot's reviews: which command on which commit, and which runs
 * (`project/env`) Warden denied, so that a later review can tell which earlier change requests
 * it settles.
 *
 *     <!-- stakpak-review:{"cmd":"plan","sha":"0123abc…","denied":["network/prod"]} -->
 */
export interface ReviewMarker {
  cmd: string;
  sha: string;
  denied: string[];
}

const MARKER = /<!--\s*stakpak-review:(\{.*?\})\s*-->/s;

const markerSchema = z.object({ cmd: z.string().min(1), sha: z.string().regex(/^[0-9a-f]{7,64}$/i), denied: z.array(z.string()) });

export function formatReviewMarker(marker: ReviewMarker): string {
  const json = JSON.stringify({ cmd: marker.cmd, sha: marker.sha, denied: marker.denied }).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
  return `<!-- stakpak-review:${json} -->`;
}

export function parseReviewMarker(body: string | null | undefined): ReviewMarker | null {
  const match = MARKER.exec(body ?? "");
  if (!match) return null;
  try {
    const parsed = markerSchema.safeParse(JSON.parse(match[1] as string));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
