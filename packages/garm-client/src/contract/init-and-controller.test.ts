/** api-behaviour.md §4.1 (init and login) and §4.2 (controller URLs and the urls_required gate). */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GarmClient } from "../client.js";
import { apiError, apiErrorsInTurn } from "./test-support/expect-error.js";
import { ADMIN, ContractTarget, FRESH_DB_SKIP, freshDbAvailable, titled } from "./test-support/target.js";

describe.skipIf(!freshDbAvailable)(
  titled(
    "GARM contract: fresh database, first-run, login and controller URLs",
    freshDbAvailable,
    FRESH_DB_SKIP,
  ),
  () => {
    let target: ContractTarget;
    let anonymous: GarmClient;
    let admin: GarmClient;

    beforeAll(async () => {
      target = await ContractTarget.open();
      anonymous = target.client();
      admin = target.client();
    });
    afterAll(async () => target.close());

    describe("§4.1 before first-run", () => {
      it("waitUntilReady reports init-required", async () => {
        await expect(anonymous.waitUntilReady({ timeoutMs: 10_000 })).resolves.toBe("init-required");
      });

      it("GET /controller-info answers 409 init_required (Missing superuser)", async () => {
        const error = await apiError(anonymous.controllerInfo());
        expect(error.status).toBe(409);
        expect(error.isInitRequired).toBe(true);
        expect(error.isConflict).toBe(false);
        expect(error.details).toBe("Missing superuser");
      });

      it("GET /controller, POST /auth/login and GET /providers answer init_required too", async () => {
        const errors = await apiErrorsInTurn([
          () => anonymous.controller(),
          () => anonymous.login(ADMIN.username, ADMIN.password),
          () => anonymous.listProviders(),
        ]);
        expect(errors.map((error) => error.isInitRequired)).toEqual([true, true, true]);
      });

      it("first-run with a weak password is 400 `password is too weak`", async () => {
        const error = await apiError(anonymous.firstRun({ ...ADMIN, password: "password" }));
        expect(error.isBadRequest).toBe(true);
        expect(error.details).toBe("password is too weak");
        expect(error.message).not.toContain(ADMIN.password);
      });

      it.each([
        ["no email", { email: "" }, "missing username or email"],
        ["no username", { username: "" }, "missing username or email"],
        ["a bad email", { email: "not-an-email" }, "invalid email address"],
        ["a non-alphanumeric username", { username: "bad user!" }, "invalid username"],
      ])("first-run with %s is 400 `%s`", async (_case, override, details) => {
        const error = await apiError(anonymous.firstRun({ ...ADMIN, ...override }));
        expect(error.isBadRequest).toBe(true);
        expect(error.details).toBe(details);
      });
    });

    describe("§4.1 first-run and login", () => {
      it("first-run creates the admin user", async () => {
        const user = await anonymous.firstRun(ADMIN);
        expect(user).toMatchObject({
          username: ADMIN.username,
          email: ADMIN.email,
          fullName: ADMIN.fullName,
          enabled: true,
          isAdmin: true,
        });
        expect(user.id).not.toBe("");
      });

      it("first-run again is 409 Conflict (already initialized)", async () => {
        const error = await apiError(anonymous.firstRun(ADMIN));
        expect(error.isConflict).toBe(true);
        expect(error.details).toBe("already initialized");
      });

      it("login with a wrong password is 401 and keeps the client logged out", async () => {
        const error = await apiError(admin.login(ADMIN.username, "wrong"));
        expect(error.isUnauthorised).toBe(true);
        expect(error.code).toBe("Not Authorized");
        expect(admin.isLoggedIn).toBe(false);
      });

      it("login with an empty password is 401", async () => {
        expect((await apiError(admin.login(ADMIN.username, ""))).isUnauthorised).toBe(true);
      });

      it("login with the right password keeps the token for later calls", async () => {
        await admin.login(ADMIN.username, ADMIN.password);
        expect(admin.isLoggedIn).toBe(true);
      });

      it("a failed login forgets the earlier token", async () => {
        const other = target.client();
        await other.login(ADMIN.username, ADMIN.password);
        await apiError(other.login(ADMIN.username, "wrong"));
        expect(other.isLoggedIn).toBe(false);
      });
    });

    describe("§4.2 controller URLs", () => {
      it("before URLs are set, unauthenticated calls get 409 urls_required, not 401", async () => {
        expect((await apiError(anonymous.controllerInfo())).isUrlsRequired).toBe(true);
        await expect(anonymous.waitUntilReady({ timeoutMs: 10_000 })).resolves.toBe("urls-required");
      });

      it("GET /controller-info with a token answers 409 urls_required", async () => {
        const error = await apiError(admin.controllerInfo());
        expect(error.isUrlsRequired).toBe(true);
        expect(error.isConflict).toBe(false);
        expect(error.details).toContain("Missing required URLs");
      });

      it("GET /controller answers before the URLs are set", async () => {
        const info = await admin.controller();
        expect(info.controllerId).not.toBe("");
        expect(info.metadataUrl).toBe("");
        expect(info.callbackUrl).toBe("");
        expect(info.version).not.toBe("");
      });

      it("PUT /controller with a malformed metadata_url is 400 `invalid metadata_url`", async () => {
        const error = await apiError(admin.updateController({ metadataUrl: "not a url" }));
        expect(error.isBadRequest).toBe(true);
        expect(error.details).toBe("invalid metadata_url");
      });

      it("metadata_url alone is stored but the gate stays shut", async () => {
        const info = await admin.updateController({ metadataUrl: `${target.url}/api/v1/metadata` });
        expect(info.metadataUrl).toBe(`${target.url}/api/v1/metadata`);
        expect((await apiError(admin.listProviders())).isUrlsRequired).toBe(true);
      });

      it("metadata_url + callback_url open the gate; without webhook_url the controller webhook URL is the bare id", async () => {
        const info = await admin.updateController({ callbackUrl: `${target.url}/api/v1/callbacks` });
        expect(info.callbackUrl).toBe(`${target.url}/api/v1/callbacks`);
        expect(info.controllerWebhookUrl).toBe(info.controllerId);
        expect(Array.isArray(await admin.listProviders())).toBe(true);
      });

      it("with webhook_url the controller webhook URL is webhook_url/<controller id>, and the PUT answer has no hostname", async () => {
        const info = await admin.updateController({
          metadataUrl: `${target.url}/api/v1/metadata`,
          callbackUrl: `${target.url}/api/v1/callbacks`,
          webhookUrl: `${target.url}/webhooks`,
        });
        expect(info.webhookUrl).toBe(`${target.url}/webhooks`);
        expect(info.controllerWebhookUrl).toBe(`${target.url}/webhooks/${info.controllerId}`);
        expect(info.agentUrl).not.toBe("");
        expect(info.hostname).toBe("");
      });

      it("GET /controller-info with a token now answers, with the hostname", async () => {
        const info = await admin.controllerInfo();
        expect(info.metadataUrl).toBe(`${target.url}/api/v1/metadata`);
        expect(info.hostname).not.toBe("");
      });

      it("after the URLs are set, unauthenticated calls get 401 and waitUntilReady reports ready", async () => {
        const error = await apiError(anonymous.controllerInfo());
        expect(error.isUnauthorised).toBe(true);
        expect(error.code).toBe("Authentication failed");
        await expect(anonymous.waitUntilReady({ timeoutMs: 10_000 })).resolves.toBe("ready");
      });

      it("the metrics token is issued to the admin", async () => {
        const token = await admin.metricsToken();
        expect(token.split(".")).toHaveLength(3);
      });
    });
  },
);
