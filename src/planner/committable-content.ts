import { placeholderPattern } from "../redact/placeholder.js";
import type { Redactor } from "../redact/redactor.js";

/** What the model is told when it tries to put a secret in a file. */
export const SECRET_IN_FILE =
  "Files the agent writes are committed, so they never hold a secret or a secret's placeholder. " +
  "Reference the secret instead: a Terraform variable marked `sensitive = true` set from the environment (TF_VAR_…), " +
  "a secret store (AWS Secrets Manager, SSM Parameter Store, Vault, a Kubernetes Secret created outside the repository), " +
  "or a data source that reads it at plan time.";

/**
 * Why new text (what the model wrote) may not go into a file, or null when it may: it holds a
 * placeholder (the vault would have to put the secret into a committed file), or something the
 * redactor would hide (a known value of the run, or a credential the model made up or copied).
 */
export function secretInContent(redactor: Redactor, text: string): string | null {
  const placeholder = placeholderPattern().exec(text);
  if (placeholder) return `it contains the placeholder ${placeholder[0]}. ${SECRET_IN_FILE}`;
  const { findings } = redactor.scan(text);
  if (findings.length > 0) return `it contains what looks like a secret (${[...new Set(findings.map((f) => f.rule))].join(", ")}). ${SECRET_IN_FILE}`;
  return null;
}
