import type { Effect, Target } from "./operation.js";

/** Which target an API host belongs to, and how to read the service from the host name. */
export interface HostRule {
  target: Target;
  host: RegExp;
  /** The service: from a capture group of `host`, or a fixed name. */
  service: (match: RegExpExecArray) => string;
  examples: readonly string[];
}

export const HOST_RULES: readonly HostRule[] = [
  { target: "aws", host: /^(?:([a-z0-9-]+)\.)?(?:[a-z0-9-]+\.)*amazonaws\.com(?:\.cn)?$/, service: (m) => m[1] ?? "aws", examples: ["ec2.us-east-1.amazonaws.com", "s3.amazonaws.com", "my-bucket.s3.eu-west-1.amazonaws.com"] },
  { target: "gcp", host: /^([a-z0-9-]+)\.googleapis\.com$/, service: (m) => m[1] ?? "gcp", examples: ["compute.googleapis.com", "storage.googleapis.com"] },
  { target: "azure", host: /^(management\.azure\.com|[a-z0-9-]+\.(?:blob|file|queue|table|vault)\.core\.windows\.net|[a-z0-9-]+\.vault\.azure\.net|graph\.microsoft\.com)$/, service: (m) => (m[1] ?? "azure").split(".")[0] ?? "azure", examples: ["management.azure.com", "prodsa.blob.core.windows.net"] },
  { target: "github", host: /^(api\.github\.com|uploads\.github\.com)$/, service: () => "api", examples: ["api.github.com"] },
  { target: "kubernetes", host: /^(kubernetes(?:\.default(?:\.svc(?:\.cluster\.local)?)?)?|(?:localhost|127\.0\.0\.1):8001|[^:]+:6443)$/, service: () => "api", examples: ["kubernetes.default.svc", "127.0.0.1:8001", "k8s.internal:6443"] },
  { target: "docker", host: /^(?:localhost|127\.0\.0\.1):2375$/, service: () => "engine", examples: ["localhost:2375"] },
];

export interface HttpTarget {
  target: Target;
  service: string;
  host: string;
}

/** The target behind a URL's host; `generic` for every other host. */
export function httpTarget(url: string): HttpTarget {
  let host = "";
  try {
    host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(url) ? url : `http://${url}`).host.toLowerCase();
  } catch {
    return { target: "generic", service: "http", host: url };
  }
  const hostOnly = host.replace(/:\d+$/, "");
  for (const rule of HOST_RULES) {
    const m = rule.host.exec(host) ?? rule.host.exec(hostOnly);
    if (m) return { target: rule.target, service: rule.service(m), host };
  }
  return { target: "generic", service: "http", host };
}

/** What an HTTP method does. */
export function methodEffect(method: string): Effect {
  switch (method.toUpperCase()) {
    case "GET":
    case "HEAD":
    case "OPTIONS":
      return "read";
    case "DELETE":
      return "destroy";
    case "POST":
    case "PUT":
    case "PATCH":
      return "write";
    default:
      return "unknown";
  }
}
