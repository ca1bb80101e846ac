/**
 * Which environment variables hold secrets: the usual naming conventions, plus the names a team
 * configures (`redact.env` in .stakpak/config.yml). Names only: values are judged elsewhere.
 */
export interface SecretNamePattern {
  pattern: RegExp;
  examples: { secret: readonly string[]; notSecret: readonly string[] };
}

export const SECRET_ENV_NAME_PATTERNS: readonly SecretNamePattern[] = [
  {
    pattern: /(?:^|[_-])(?:TOKEN|SECRET|KEY|PAT|APIKEY|API_KEY|AUTH|CREDENTIALS?|PRIVATE_KEY|ACCESS_KEY|SESSION_TOKEN)$/i,
    examples: { secret: ["GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "STRIPE_API_KEY", "GITLAB_PAT", "NPM_AUTH", "INPUT_GITHUB-TOKEN"], notSecret: ["KEY_ID_PREFIX", "TOKEN_URL"] },
  },
  {
    pattern: /PASSWORD|PASSWD|PASSPHRASE|_PWD$/i,
    examples: { secret: ["DB_PASSWORD", "PGPASSWORD", "MYSQL_ROOT_PASSWORD_FILE_CONTENT", "GPG_PASSPHRASE"], notSecret: ["PWD", "OLDPWD"] },
  },
  {
    pattern: /^(?:AWS_SESSION_TOKEN|ACTIONS_RUNTIME_TOKEN|ACTIONS_ID_TOKEN_REQUEST_TOKEN|VAULT_TOKEN|TF_TOKEN_.+|ARM_CLIENT_SECRET|GOOGLE_CREDENTIALS|DATABASE_URL|SLACK_WEBHOOK_URL|SENTRY_DSN)$/,
    examples: { secret: ["ACTIONS_RUNTIME_TOKEN", "TF_TOKEN_app_terraform_io", "DATABASE_URL", "GOOGLE_CREDENTIALS"], notSecret: ["AWS_REGION", "HOME"] },
  },
];

/** Names that match a pattern above but hold no secret. */
const NOT_SECRET_NAMES = new Set(["PWD", "OLDPWD", "KEY_ID_PREFIX", "TOKEN_URL", "SSH_AUTH_SOCK", "GPG_AGENT_INFO"]);

/** True for a name the conventions or the configured globs (`*` wildcard) mark as a secret. */
export function isSecretEnvName(name: string, configured: readonly string[] = []): boolean {
  if (configured.some((glob) => globToRegExp(glob).test(name))) return true;
  if (NOT_SECRET_NAMES.has(name)) return false;
  return SECRET_ENV_NAME_PATTERNS.some((p) => p.pattern.test(name));
}

function globToRegExp(glob: string): RegExp {
  const body = glob.split("*").map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*");
  return new RegExp(`^${body}$`);
}
