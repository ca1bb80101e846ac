import { z } from "zod";
import { labelsSchema } from "./labels-config.js";
import { agentSchema, llmSchema } from "./llm-settings.js";
import { parseRole } from "./role.js";
import { CONFIGURABLE_COMMANDS, type ConfigurableCommandName } from "./command-table.js";
import { parseDuration } from "./duration.js";
import { climbsAbove, isAbsoluteAnywhere } from "./repo-paths.js";
import { TOOLS, toolKeyProblems } from "./tool-keys.js";

/**
 * Schema of `.stakpak/config.yml`. Objects are strict so a typo (`when_modifed`) is an error
 * instead of a silently ignored setting. Checks that need the disk (dirs and files exist, the
 * tool inferred from a dir's contents) live in the loader; everything here is pure.
 */

export const NAME_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;
const NAME_HINT = "use lowercase letters, digits, `.`, `_` and `-`, starting with a letter or digit, e.g. `infra-network` or `staging`";

type Check<T> = (value: T, ctx: z.RefinementCtx<T>) => void;

/** A custom issue carrying its own hint, so the rule and the advice for breaking it stay together. */
function rule<T>(ok: (value: T) => boolean, message: (value: T) => string, hint: string): Check<T> {
  return (value, ctx) => {
    if (!ok(value)) ctx.addIssue({ code: "custom", message: message(value), params: { hint }, input: value });
  };
}

const name = z.string().superRefine(rule((v) => NAME_PATTERN.test(v), (v) => `\`${v}\` is not a valid name`, NAME_HINT));

const duration = z
  .string()
  .superRefine(
    rule(
      (v) => parseDuration(v) !== undefined,
      (v) => `\`${v}\` is not a duration`,
      "use a number with a unit (ms, s, m, h), e.g. `90s`, `2m` or `1h30m`",
    ),
  );

/** Relative to a base dir: absolute paths would tie the config to one machine's checkout. */
function relativePath(base: string) {
  return z
    .string()
    .min(1)
    .superRefine(
      rule((v) => !isAbsoluteAnywhere(v), (v) => `\`${v}\` is an absolute path`, `write it relative to ${base}`),
    );
}

const projectDir = relativePath("the repository root, e.g. `infra/network`").superRefine(
  rule(
    (v) => !climbsAbove(v),
    (v) => `\`${v}\` points outside the repository`,
    "project dirs are relative to the repository root and must stay inside it, e.g. `infra/network`",
  ),
);

export const terraformSettingsSchema = z.strictObject({
  lock_timeout: duration.optional(),
  timeout: duration
    .superRefine(rule((v) => (parseDuration(v) ?? 1) > 0, () => "timeout must be longer than 0", "e.g. `timeout: 30m`"))
    .optional(),
  init_args: z.array(z.string()).optional(),
  /** More environment variables terraform gets (names or `PREFIX_*` globs), e.g. a provider's token. */
  pass_env: z
    .array(
      z.string().superRefine(
        rule(
          (v) => /^[A-Za-z_*][A-Za-z0-9_*]*$/.test(v),
          (v) => `\`${v}\` is not a variable name or glob`,
          "use names such as `DATADOG_API_KEY` or globs such as `DATADOG_*` (GITHUB_TOKEN, ACTIONS_*, OPENAI_* and INPUT_* are never passed)",
        ),
      ),
    )
    .optional(),
});

export const environmentSchema = z.strictObject({
  // terraform
  workspace: z.string().min(1).optional(),
  var_files: z.array(relativePath("the project dir, e.g. `env/staging.tfvars`")).optional(),
  /** A file path relative to the project dir, or a `key=value` pair passed to `-backend-config`. */
  backend_config: z.array(z.string().min(1)).optional(),
  // kubernetes
  context: z.string().min(1).optional(),
  namespace: z.string().min(1).optional(),
  kubeconfig: z.string().min(1).optional(),
  /** Overlay dir relative to the project dir. */
  dir: relativePath("the project dir, e.g. `overlays/production`").optional(),
});

export const projectSchema = z
  .strictObject({
    name,
    dir: projectDir,
    tool: z.enum(TOOLS).optional(),
    /** Globs relative to the project dir. */
    when_modified: z.array(z.string().min(1)).min(1).optional(),
    terraform: terraformSettingsSchema.optional(),
    environments: z.record(name, environmentSchema).optional(),
  })
  .superRefine(
    (project, ctx) => {
      // An inferred tool is only known once the loader has looked at the dir; it checks those.
      const tool = (project as { tool?: unknown }).tool;
      if (tool !== "terraform" && tool !== "kubernetes") return;
      for (const p of toolKeyProblems(project, tool, "explicit")) {
        ctx.addIssue({ code: "custom", path: [...p.path], message: p.message, params: { hint: p.hint, at: p.at } });
      }
    },
    // Run even when other keys of the project are invalid: all problems are reported at once.
    { when: () => true },
  );

const role = z.string().superRefine((value, ctx) => {
  const parsed = parseRole(value);
  if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.problem, params: { hint: parsed.hint }, input: value });
});
const roleList = z.array(role);

/**
 * `authorization:` — per comment command, the roles that may run it (any one is enough), e.g.
 * `apply: [permission:maintain, team:platform]`. A listed command's roles replace its defaults;
 * `[]` lets nobody run it. Keys are the command table's (src/config/command-table.ts).
 */
export const authorizationSchema = z.strictObject(
  Object.fromEntries(CONFIGURABLE_COMMANDS.map((command) => [command, roleList.optional()])) as Record<
    ConfigurableCommandName,
    z.ZodOptional<typeof roleList>
  >,
);

/**
 * Sections that later features define. Any mapping is accepted for now so a config written for a
 * newer version of the tool still loads; each feature tightens its own section.
 */
const futureSection = z.record(z.string(), z.unknown()).nullish();

export const configSchema = z
  .strictObject({
    version: z.literal(1).optional(),
    projects: z.array(projectSchema).min(1).optional(),
    authorization: authorizationSchema.optional(),
    warden: futureSection,
    redact: futureSection,
    memory: futureSection,
    llm: llmSchema.nullish(),
    agent: agentSchema.nullish(),
    labels: labelsSchema.nullish(),
  })
  .superRefine(
    (config, ctx) => {
      const projects = (config as { projects?: unknown }).projects;
      if (!Array.isArray(projects)) return;
      const firstIndex = new Map<string, number>();
      projects.forEach((project: unknown, index) => {
        const projectName = (project as { name?: unknown } | null)?.name;
        if (typeof projectName !== "string") return;
        const first = firstIndex.get(projectName);
        if (first === undefined) {
          firstIndex.set(projectName, index);
          return;
        }
        ctx.addIssue({
          code: "custom",
          path: ["projects", index, "name"],
          message: `duplicate project name \`${projectName}\` (also used by projects[${first}])`,
          params: { hint: "project names must be unique; rename one of them" },
        });
      });
    },
    { when: () => true },
  );

export type StakpakConfigFile = z.infer<typeof configSchema>;
export type ProjectConfig = z.infer<typeof projectSchema>;
export type EnvironmentConfigFile = z.infer<typeof environmentSchema>;
export type TerraformSettingsConfig = z.infer<typeof terraformSettingsSchema>;
export type AuthorizationConfig = z.infer<typeof authorizationSchema>;
