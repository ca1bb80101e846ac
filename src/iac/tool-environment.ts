/**
 * The environment terraform, kubectl and git get: an allowlist, because they run code from the
 * pull request (providers, `data "external"`, exec plugins) that could send anything it finds in
 * its environment anywhere. Names are exact or globs with `*`.
 */

/** Enough to find programs, print text, use a proxy and trust a corporate CA; nothing that grants access. */
export const BASE_TOOL_ENV: readonly string[] = [
  "PATH",
  "HOME",
  "USER",
  "LOGNAME",
  "SHELL",
  "LANG",
  "LANGUAGE",
  "LC_*",
  "TZ",
  "TERM",
  "TMPDIR",
  "NO_COLOR",
  "CI",
  "HTTP_PROXY",
  "HTTPS_PROXY",
  "NO_PROXY",
  "ALL_PROXY",
  "http_proxy",
  "https_proxy",
  "no_proxy",
  "all_proxy",
  "SSL_CERT_FILE",
  "SSL_CERT_DIR",
  "CURL_CA_BUNDLE",
  "REQUESTS_CA_BUNDLE",
  "NODE_EXTRA_CA_CERTS",
  "AWS_CA_BUNDLE",
];

/** The clouds' credential and configuration variables (and their CLIs', which exec plugins and providers call). */
export const CLOUD_CREDENTIAL_ENV: readonly string[] = ["AWS_*", "GOOGLE_*", "CLOUDSDK_*", "ARM_*", "AZURE_*"];

/** terraform: TF_* (TF_VAR_*, TF_TOKEN_*, TF_CLI_CONFIG_FILE, ...), the clouds, and a kubeconfig for the kubernetes/helm providers. */
export const TERRAFORM_ENV: readonly string[] = [...BASE_TOOL_ENV, "TF_*", ...CLOUD_CREDENTIAL_ENV, "KUBECONFIG", "KUBE_*"];

/** kubectl: the kubeconfig and the clouds (EKS, GKE and AKS exec plugins read them). */
export const KUBECTL_ENV: readonly string[] = [...BASE_TOOL_ENV, "KUBECONFIG", "KUBECACHEDIR", ...CLOUD_CREDENTIAL_ENV];

/** Never passed, whatever a list (or a config's pattern such as `*`) says: the bot's own credentials. */
export const NEVER_PASSED_ENV: readonly string[] = ["GITHUB_TOKEN", "GH_TOKEN", "GH_ENTERPRISE_TOKEN", "ACTIONS_*", "OPENAI_*", "INPUT_*"];

function globPattern(globs: readonly string[]): RegExp {
  const alternatives = globs.map((g) => g.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*"));
  return new RegExp(`^(?:${alternatives.join("|")})$`);
}

const NEVER = globPattern(NEVER_PASSED_ENV);

/** True when `name` is one of the bot's own credentials that no tool may get. */
export function isNeverPassed(name: string): boolean {
  return NEVER.test(name);
}

/** The variables of `source` whose names match `allow` (and are not NEVER_PASSED_ENV). */
export function pickEnvironment(source: Readonly<Record<string, string | undefined>>, allow: readonly string[]): Record<string, string> {
  const allowed = globPattern(allow);
  const picked: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value !== undefined && allowed.test(name) && !NEVER.test(name)) picked[name] = value;
  }
  return picked;
}
