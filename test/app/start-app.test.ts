import { createHmac } from "node:crypto";
import { createServer } from "node:net";
import nock from "nock";
import { Probot } from "probot";
import { afterEach, describe, expect, it, vi } from "vitest";
import stakpakApp, { assertWebhookSecret, readAppOptions, startApp } from "../../src/app.js";
import { UserError } from "../../src/user-error.js";
import { API, APP_ID, PRIVATE_KEY, commentEvent } from "./app-harness.js";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

describe("the App refuses to start without a real webhook secret", () => {
  afterEach(() => vi.unstubAllEnvs());

  it("refuses when WEBHOOK_SECRET is unset", async () => {
    const error = await startApp({ APP_ID: String(APP_ID), PRIVATE_KEY }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as UserError).summary).toBe("WEBHOOK_SECRET is not set: refusing to start");
    expect((error as UserError).hint).toContain("openssl rand -hex 32");
  });

  it("refuses Probot's public default secret", () => {
    expect(() => assertWebhookSecret({ WEBHOOK_SECRET: "development" })).toThrow(/Probot's public default "development"/);
    expect(assertWebhookSecret({ WEBHOOK_SECRET: "s3cr3t-from-the-app-settings" })).toBe("s3cr3t-from-the-app-settings");
  });

  it("refuses to load under `probot run` without the secret in the environment: a plain message, then exit", async () => {
    vi.stubEnv("WEBHOOK_SECRET", "");
    let printed = "";
    const write = vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => {
      printed += String(chunk);
      return true;
    });
    const exit = vi.spyOn(process, "exit").mockImplementation(((code?: number) => {
      throw new Error(`process.exit(${code})`);
    }) as typeof process.exit);
    try {
      const probot = new Probot({ appId: APP_ID, privateKey: PRIVATE_KEY, secret: "anything", logLevel: "fatal" });
      await expect(probot.load(stakpakApp)).rejects.toThrow("process.exit(1)");
    } finally {
      write.mockRestore();
      exit.mockRestore();
    }
    expect(printed).toContain("WEBHOOK_SECRET is not set");
    expect(printed).toContain("Hint:");
    expect(printed).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });

  it("checks the prefix and workflow options", () => {
    expect(readAppOptions({})).toMatchObject({ prefix: "/stakpak", workflowFile: "stakpak.yml" });
    expect(readAppOptions({ STAKPAK_COMMAND_PREFIX: "/infra", STAKPAK_WORKFLOW: "gitops.yaml" })).toMatchObject({ prefix: "/infra", workflowFile: "gitops.yaml" });
    expect(() => readAppOptions({ STAKPAK_COMMAND_PREFIX: "/stak pak" })).toThrow(UserError);
    expect(() => readAppOptions({ STAKPAK_WORKFLOW: "../evil.yml" })).toThrow(UserError);
  });
});

describe("the running App verifies webhook signatures (Probot's verification)", () => {
  const secret = "a-real-secret-from-the-app-settings";

  afterEach(() => {
    nock.cleanAll();
    nock.enableNetConnect();
  });

  it("rejects a request with a bad or missing signature and handles a signed one", async () => {
    const port = await freePort();
    const server = await startApp({ APP_ID: String(APP_ID), PRIVATE_KEY, WEBHOOK_SECRET: secret, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "fatal" });
    try {
      nock.disableNetConnect();
      nock.enableNetConnect("127.0.0.1");
      const posted: string[] = [];
      nock(API).post("/app/installations/4242/access_tokens").reply(201, { token: "ghs_x", expires_at: "2099-01-01T00:00:00Z", permissions: {} });
      nock(API)
        .post("/repos/acme/infra/issues/42/comments", (body: { body: string }) => (posted.push(body.body), true))
        .reply(201, { id: 1 });

      const payload = JSON.stringify(commentEvent("/stakpak drift"));
      const send = (signature: string | undefined) =>
        fetch(`http://127.0.0.1:${port}/api/github/webhooks`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            "x-github-event": "issue_comment",
            "x-github-delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
            ...(signature ? { "x-hub-signature-256": signature } : {}),
          },
          body: payload,
        });

      const forged = await send(`sha256=${createHmac("sha256", "development").update(payload).digest("hex")}`);
      const unsigned = await send(undefined);
      expect(forged.status).toBe(400);
      expect(unsigned.status).toBe(400);
      expect(posted).toEqual([]);

      const signed = await send(`sha256=${createHmac("sha256", secret).update(payload).digest("hex")}`);
      expect(signed.status).toBe(200);
      await vi.waitFor(() => expect(posted).toHaveLength(1));
      expect(posted[0]).toContain("`/stakpak drift` is not available in this version");
    } finally {
      await server.stop();
    }
  });
});
