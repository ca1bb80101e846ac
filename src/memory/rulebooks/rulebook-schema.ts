import { z } from "zod";
import { COMMANDS } from "../../config/command-table.js";
import { NAME_PATTERN } from "../../config/schema.js";
import type { RulebookCommand } from "./rulebook.js";
import { globProblem } from "./rulebook-glob.js";

/** Every name of the comment-command table, `review` included (it is in the table even before it is available). */
export const RULEBOOK_COMMANDS = [...new Set<RulebookCommand>([...COMMANDS.map((c) => c.name), "review"])] as [RulebookCommand, ...RulebookCommand[]];

const MAX_ID_LENGTH = 64;
const MAX_DESCRIPTION_LENGTH = 200;

/** One example per front-matter key, added to the hint when a key is missing or has the wrong type. */
export const RULEBOOK_KEY_EXAMPLES: Record<string, string> = {
  id: "id: terraform-tagging",
  description: "description: How every AWS resource is tagged (owner, cost center, environment)",
  applies_to: 'applies_to: ["infra/**/*.tf"]',
  commands: "commands: [agent, review]",
  priority: "priority: 10",
  always: "always: true",
};

function custom(ctx: z.RefinementCtx<string>, value: string, message: string, hint: string): void {
  ctx.addIssue({ code: "custom", message, params: { hint }, input: value });
}

const id = z.string().superRefine((v, ctx) => {
  if (!NAME_PATTERN.test(v) || v.length > MAX_ID_LENGTH) {
    custom(ctx, v, `\`${v}\` is not a valid rulebook id`, `use at most ${MAX_ID_LENGTH} lowercase letters, digits, \`.\`, \`_\` and \`-\`, starting with a letter or digit, e.g. \`terraform-tagging\``);
  }
});

const description = z.string().superRefine((v, ctx) => {
  if (v.trim() === "") custom(ctx, v, "the description is empty", `say in one line when to read this rulebook, e.g. \`${RULEBOOK_KEY_EXAMPLES["description"]}\``);
  else if (/[\r\n]/.test(v.trim())) custom(ctx, v, "the description is more than one line", "the agent sees it as one line of a list: keep it to one line and move the rest into the body");
  else if (v.length > MAX_DESCRIPTION_LENGTH) custom(ctx, v, `the description is ${v.length} characters long`, `keep it under ${MAX_DESCRIPTION_LENGTH} characters and move the rest into the body`);
});

const glob = z.string().superRefine((v, ctx) => {
  const problem = globProblem(v);
  if (problem) custom(ctx, v, problem.message, problem.hint);
});

/**
 * A rulebook's front matter. Strict, so a typo (`applies-to`) is an error instead of a rulebook
 * that silently applies everywhere. `id` defaults to the file name without `.md`.
 */
export const rulebookFrontMatterSchema = z.strictObject({
  id: id.optional(),
  description,
  applies_to: z.array(glob).default([]),
  commands: z.array(z.enum(RULEBOOK_COMMANDS)).default([]),
  priority: z.number().int().default(0),
  always: z.boolean().default(false),
});

export type RulebookFrontMatter = z.output<typeof rulebookFrontMatterSchema>;

/** A rulebook's id when its front matter has none: its file name without `.md`, if that is a valid id. */
export function idFromPath(path: string): string {
  const name = path.split(/[\\/]/).pop() ?? path;
  return name.replace(/\.md$/i, "");
}

export function isValidRulebookId(value: string): boolean {
  return id.safeParse(value).success;
}
