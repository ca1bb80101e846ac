import { beforeAll, describe, expect, it } from "vitest";
import { createWarden, type Warden } from "../../src/warden/warden.js";

// Copies from somewhere else (a bucket, a pod, another host, a release) are judged by where the
// files land: inside the workspace they are local work, elsewhere they need a person or are denied.

let warden: Warden;
beforeAll(async () => {
  warden = await createWarden({ workspace: "/work/repo" });
});

const CASES: readonly { command: string; decision: "allow" | "require_approval" | "deny" }[] = [
  { command: "gsutil cp gs://backups/db.sql.gz restore/", decision: "allow" },
  { command: "gsutil cp gs://backups/db.sql.gz /etc/cron.d/job", decision: "deny" },
  // Into a directory, each file lands under its own name and overwrites one there (as `cp` does): outside, a destroy.
  { command: "gsutil cp gs://backups/db.sql.gz ../elsewhere/", decision: "deny" },
  { command: "gsutil cp restore/db.sql.gz gs://backups/", decision: "require_approval" },
  { command: "gcloud storage cp gs://my-bucket/file.txt .", decision: "allow" },
  { command: "gcloud storage cp gs://my-bucket/file.txt ~/.bashrc", decision: "deny" },
  { command: "kubectl cp api-0:/var/log/app.log logs/app.log", decision: "allow" },
  { command: "kubectl cp api-0:/var/log/app.log /etc/hosts", decision: "deny" },
  { command: "kubectl cp logs/app.log api-0:/var/log/app.log", decision: "require_approval" },
  { command: "az storage blob download --account-name sa -c b -n x.gz -f restore/x.gz", decision: "allow" },
  { command: "az storage blob download --account-name sa -c b -n x.gz -f /usr/local/bin/tool", decision: "deny" },
  { command: "az aks get-credentials -g rg -n aks", decision: "require_approval" },
  { command: "az aks get-credentials -g rg -n aks --file kubeconfig.yaml", decision: "allow" },
  { command: "gh release download v1.4.0 -D dist/", decision: "allow" },
  { command: "gh release download v1.4.0 -D /opt/bin/", decision: "deny" },
  { command: "gh release download v1.4.0 -O -", decision: "allow" },
  { command: "rsync -e 'ssh -p 2222' -av web-1:/srv/www/ site/", decision: "allow" },
  { command: "rsync -e 'ssh -p 2222' -av site/ web-1:/srv/www/", decision: "require_approval" },
  { command: "rsync -e 'ssh -o ProxyCommand=nc' web-1:/srv/www/ site/", decision: "deny" },
  { command: "rsync -e \"ssh -F ./evil_config\" web-1:/srv/www/ site/", decision: "deny" },
  { command: "rsync -e 'ssh; rm -rf ~' web-1:/srv/www/ site/", decision: "deny" },
  { command: "rsync -e ssh --delete web-1:/srv/www/ .", decision: "deny" },
  { command: "scp web-1:/var/log/app.log /var/log/app.log", decision: "deny" },
];

describe("downloads are judged by where they land", () => {
  for (const c of CASES) {
    it(`${c.decision}: ${c.command}`, () => {
      expect(warden.check(c.command).decision).toBe(c.decision);
    });
  }
});
