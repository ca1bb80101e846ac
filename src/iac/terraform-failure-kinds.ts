import type { TerraformErrorBlock } from "./read-terraform-errors.js";

/** What a hint can name: the directory as people see it, the failed step, terraform's error. */
export interface FailureContext {
  /** Repository-relative directory of the root module. */
  dir: string;
  /** `init`, `plan`, `apply`, `workspace select staging`... */
  step: string;
  error: TerraformErrorBlock;
}

/**
 * One kind of terraform failure: recognised by terraform's own summary line, with what to do
 * next. `examples` are recorded outputs of real terraform (test/fixtures/terraform-errors/),
 * every one of which must be classified as this kind; one test walks them all.
 */
export interface TerraformFailureKind {
  id: string;
  /** Matched against the summary of terraform's first error (`Error: <summary>`). */
  summary: RegExp;
  /**
   * init printed the errors it found in the configuration itself: `terraform validate` gives
   * them with file, line and column, so the report names validate only for this kind.
   */
  invalidConfiguration?: true;
  hint: (ctx: FailureContext) => string;
  examples: readonly string[];
}

function lockId(body: string): string | undefined {
  return /^\s*ID:\s+(\S+)/m.exec(body)?.[1];
}

export const TERRAFORM_FAILURE_KINDS: readonly TerraformFailureKind[] = [
  {
    id: "invalid-configuration",
    summary: /^Terraform encountered problems during initiali[sz]ation, including problems with the configuration/,
    invalidConfiguration: true,
    hint: () => "Fix the configuration, then check it with `terraform validate`.",
    examples: ["syntax.init.stderr"],
  },
  {
    id: "state-lock",
    summary: /^Error acquiring the state lock/,
    hint: ({ dir, error }) => {
      const id = lockId(error.body);
      const release = id ? `\`terraform force-unlock ${id}\` in \`${dir}\`` : `\`terraform force-unlock LOCK_ID\` in \`${dir}\``;
      // Who holds it and since when are in terraform's Lock Info, shown as the detail.
      return `Another terraform run holds the state lock. Wait for it to finish and plan again; if no run is going on, release the lock with ${release}.`;
    },
    examples: ["state-lock.plan.stderr"],
  },
  {
    id: "provider-install",
    summary:
      /^(Failed to query available provider packages|Failed to install provider|Incompatible provider version|Inconsistent dependency lock file|Required plugins are not installed|Failed to load plugin schemas)/,
    hint: ({ dir }) =>
      `terraform could not install a provider for \`${dir}\`. Check each provider's \`source\` and \`version\` in \`required_providers\` and the dependency lock file \`.terraform.lock.hcl\`, and that the runner can reach the registry (or a mirror set in the CLI configuration, \`TF_CLI_CONFIG_FILE\`).`,
    examples: ["provider-query.init.stderr", "provider-lock-file.plan.stderr"],
  },
  {
    id: "backend-reinitialize",
    summary: /^(Backend initialization required|Backend configuration changed)/,
    hint: ({ dir }) =>
      `The backend configuration of \`${dir}\` differs from the one its \`.terraform\` directory was initialized with. Delete that cached \`.terraform\` directory, or add \`-reconfigure\` (or \`-migrate-state\`, to move the state) to the project's \`terraform.init_args\` in .stakpak/config.yml.`,
    examples: ["backend-init-required.plan.stderr", "backend-changed.init.stderr"],
  },
  {
    id: "backend-state",
    summary: /^(Error refreshing state|error loading state|Error loading state|Failed to get existing workspaces|Failed to read state|Error reading state|Failed to load state|Error locking state)/,
    hint: ({ dir }) =>
      `terraform could not read the state of \`${dir}\` from its backend. Check the backend's address and credentials (the project's \`terraform.backend_config\` and \`terraform.pass_env\` in .stakpak/config.yml), and that the runner can reach it.`,
    examples: ["backend-unreachable.init.stderr", "backend-unreachable.plan.stderr"],
  },
  {
    id: "backend-configuration",
    summary: /^(Unsupported backend type|Invalid backend configuration|Backend configuration)/,
    hint: ({ dir }) => `Fix the \`backend\` block of \`${dir}\` (and the project's \`terraform.backend_config\` values), then run \`terraform init\` locally.`,
    examples: ["backend-type.init.stderr"],
  },
  {
    id: "module-install",
    summary: /^(Unreadable module directory|Module not installed|Failed to download module|Module not found|Invalid module source address|Module source has changed|Error accessing remote module registry)/,
    hint: ({ dir }) => `terraform init could not install a module of \`${dir}\`. Check the module's \`source\` (a local path must exist in the repository), then run \`terraform init\` locally.`,
    examples: ["module-directory.init.stderr"],
  },
  {
    id: "missing-variable",
    summary: /^No value for required variable/,
    hint: () =>
      "Give the variable a value: in a file listed under the environment's `var_files` in .stakpak/config.yml, as a `default` in its `variable` block, or as `TF_VAR_<name>` passed with `terraform.pass_env`.",
    examples: ["missing-variable.plan.stderr"],
  },
];

/** The kind of terraform's first error, or undefined when no kind's summary matches. */
export function terraformFailureKind(error: TerraformErrorBlock): TerraformFailureKind | undefined {
  return TERRAFORM_FAILURE_KINDS.find((kind) => kind.summary.test(error.summary));
}
