/** api-behaviour.md §4.4 (organisations and repositories) and the matching source rules 9 and 10. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GarmClient } from "../client.js";
import type { Credentials } from "../credentials.js";
import type { Organisation, Repository } from "../entities.js";
import { apiError, unavailableError } from "./test-support/expect-error.js";
import { ContractTarget, pkcs1PrivateKey, uniqueName } from "./test-support/target.js";

describe("GARM contract: organisations and repositories (§4.4)", () => {
  let target: ContractTarget;
  let admin: GarmClient;
  let app: Credentials;
  let pat: Credentials;

  beforeAll(async () => {
    target = await ContractTarget.open();
    admin = await target.admin();
    app = await admin.createCredentials({
      name: uniqueName("app"),
      endpoint: "github.com",
      auth: { type: "app", appId: 12345, installationId: 67890, privateKeyPem: pkcs1PrivateKey() },
    });
    target.onCleanup(`credentials ${app.name}`, () => admin.deleteCredentials(app.id));
    pat = await admin.createCredentials({
      name: uniqueName("pat"),
      endpoint: "github.com",
      auth: { type: "pat", token: "ghp_contractSuiteFakeToken0000" },
    });
    target.onCleanup(`credentials ${pat.name}`, () => admin.deleteCredentials(pat.id));
  });
  afterAll(async () => target.close());

  async function createOrg(label: string): Promise<Organisation> {
    const org = await admin.createOrganisation({
      name: uniqueName(label),
      credentialsName: app.name,
      webhookSecret: "s3cr3t-webhook-value",
      poolBalancerType: "roundrobin",
    });
    target.onCleanup(`organisation ${org.name}`, () =>
      admin.deleteOrganisation(org.id, { keepWebhook: true }),
    );
    return org;
  }

  async function createRepo(label: string): Promise<Repository> {
    const repo = await admin.createRepository({
      owner: uniqueName("owner"),
      name: label,
      credentialsName: pat.name,
      webhookSecret: "another-webhook-secret",
    });
    target.onCleanup(`repository ${repo.owner}/${repo.name}`, () =>
      admin.deleteRepository(repo.id, { keepWebhook: true }),
    );
    return repo;
  }

  it("POST /organizations creates an organisation on its credentials, without calling GitHub", async () => {
    const org = await createOrg("org");
    expect(org).toMatchObject({
      credentialsName: app.name,
      credentialsId: app.id,
      poolBalancingType: "roundrobin",
      endpointName: "github.com",
      agentMode: false,
    });
    expect(org.id).not.toBe("");
  });

  it("POST /repositories creates a repository", async () => {
    const repo = await createRepo("fake-repo");
    expect(repo).toMatchObject({ name: "fake-repo", credentialsName: pat.name, credentialsId: pat.id });
    expect(repo.owner).toMatch(/^ct-/);
    expect(repo.poolBalancingType).toBe("roundrobin");
  });

  it("the same organisation name again is 409 `organization X already exists`, case-insensitively", async () => {
    const org = await createOrg("dup");
    const error = await apiError(
      admin.createOrganisation({
        name: org.name.toUpperCase(),
        credentialsName: app.name,
        webhookSecret: "s",
      }),
    );
    expect(error.isConflict).toBe(true);
    expect(error.details.toLowerCase()).toBe(`organization ${org.name} already exists`);
  });

  it("the same repository again is 409 `repository o/n already exists`", async () => {
    const repo = await createRepo("dup-repo");
    const error = await apiError(
      admin.createRepository({
        owner: repo.owner,
        name: repo.name,
        credentialsName: pat.name,
        webhookSecret: "s",
      }),
    );
    expect(error.isConflict).toBe(true);
    expect(error.details).toBe(`repository ${repo.owner}/${repo.name} already exists`);
  });

  it("no webhook secret is 400 `missing secret`, even with unknown credentials", async () => {
    const error = await apiError(
      admin.createOrganisation({ name: uniqueName("nosecret"), credentialsName: "nope", webhookSecret: "" }),
    );
    expect(error.isBadRequest).toBe(true);
    expect(error.details).toContain("missing secret");
  });

  it("unknown credentials are 400 `credentials X not defined`", async () => {
    const error = await apiError(
      admin.createOrganisation({ name: uniqueName("nocreds"), credentialsName: "nope", webhookSecret: "s" }),
    );
    expect(error.isBadRequest).toBe(true);
    expect(error.details).toContain("credentials nope not defined");
  });

  it("GET by id and the exact-name list filter find the organisation", async () => {
    const org = await createOrg("find");
    await expect(admin.getOrganisation(org.id)).resolves.toMatchObject({ id: org.id, name: org.name });
    const byName = await admin.listOrganisations({ name: org.name });
    expect(byName.map((o) => o.id)).toEqual([org.id]);
    expect((await admin.listOrganisations()).map((o) => o.id)).toContain(org.id);
  });

  it("the owner and name list filters find the repository", async () => {
    const repo = await createRepo("find-repo");
    await expect(admin.getRepository(repo.id)).resolves.toMatchObject({ id: repo.id, owner: repo.owner });
    const found = await admin.listRepositories({ owner: repo.owner, name: repo.name });
    expect(found.map((r) => r.id)).toEqual([repo.id]);
  });

  it("PUT /organizations/{id} moves the organisation to other credentials", async () => {
    const org = await createOrg("move");
    const updated = await admin.updateOrganisation(org.id, { credentialsName: pat.name });
    expect(updated.credentialsName).toBe(pat.name);
    expect(updated.credentialsId).toBe(pat.id);
  });

  it("credentials in use cannot be deleted (400)", async () => {
    await createOrg("inuse");
    const error = await apiError(admin.deleteCredentials(app.id));
    expect(error.isBadRequest).toBe(true);
  });

  it("DELETE /organizations/{id} answers 200; afterwards the id is 404, and deleting it again is 404", async () => {
    const org = await createOrg("del");
    await admin.deleteOrganisation(org.id);
    expect((await apiError(admin.getOrganisation(org.id))).isNotFound).toBe(true);
    expect((await apiError(admin.deleteOrganisation(org.id))).isNotFound).toBe(true);
  });

  it("DELETE /repositories/{id} answers 200; afterwards the id is 404", async () => {
    const repo = await createRepo("del-repo");
    await admin.deleteRepository(repo.id, { keepWebhook: true });
    expect((await apiError(admin.getRepository(repo.id))).isNotFound).toBe(true);
  });

  it("an organisation on an endpoint where nothing listens is still created: GARM calls GitHub later", async () => {
    const endpoint = await admin.createGithubEndpoint({
      name: uniqueName("nowhere"),
      baseUrl: "http://127.0.0.1:1",
      apiBaseUrl: "http://127.0.0.1:1/api/v3/",
      uploadBaseUrl: "http://127.0.0.1:1/api/uploads/",
    });
    target.onCleanup(`endpoint ${endpoint.name}`, () => admin.deleteGithubEndpoint(endpoint.name));
    const creds = await admin.createCredentials({
      name: uniqueName("nowhere"),
      endpoint: endpoint.name,
      auth: { type: "pat", token: "ghp_contractSuiteFakeToken0000" },
    });
    target.onCleanup(`credentials ${creds.name}`, () => admin.deleteCredentials(creds.id));
    const org = await admin.createOrganisation({
      name: uniqueName("nowhere"),
      credentialsName: creds.name,
      webhookSecret: "s",
    });
    target.onCleanup(`organisation ${org.name}`, () =>
      admin.deleteOrganisation(org.id, { keepWebhook: true }),
    );
    expect(org.endpointName).toBe(endpoint.name);
    const [listed] = await admin.listOrganisations({ name: org.name, endpoint: endpoint.name });
    expect(listed?.id).toBe(org.id);
    expect(typeof listed?.poolManagerStatus.running).toBe("boolean");
  });

  it("a scale set on an endpoint where nothing listens is a bare 500 within milliseconds, nothing stored (seen on a real GARM)", async () => {
    const endpoint = await admin.createGithubEndpoint({
      name: uniqueName("down"),
      baseUrl: "http://127.0.0.1:1",
      apiBaseUrl: "http://127.0.0.1:1/api/v3/",
      uploadBaseUrl: "http://127.0.0.1:1/api/uploads/",
    });
    target.onCleanup(`endpoint ${endpoint.name}`, () => admin.deleteGithubEndpoint(endpoint.name));
    const creds = await admin.createCredentials({
      name: uniqueName("down"),
      endpoint: endpoint.name,
      auth: { type: "pat", token: "ghp_contractSuiteFakeToken0000" },
    });
    target.onCleanup(`credentials ${creds.name}`, () => admin.deleteCredentials(creds.id));
    const org = await admin.createOrganisation({
      name: uniqueName("down"),
      credentialsName: creds.name,
      webhookSecret: "s",
    });
    target.onCleanup(`organisation ${org.name}`, () =>
      admin.deleteOrganisation(org.id, { keepWebhook: true }),
    );
    // The fake cannot see that nothing listens there: tell it.
    target.fake?.setForgeFailure(org.name, "unreachable");
    const error = await unavailableError(
      admin.createScaleSet(
        { orgId: org.id },
        {
          name: uniqueName("ss"),
          providerName: await target.providerName(admin),
          image: "ubuntu:24.04",
          flavor: "small",
          osType: "linux",
          osArch: "amd64",
          maxRunners: 1,
          minIdleRunners: 0,
          enabled: false,
        },
      ),
    );
    expect([error.reason, error.status, error.code]).toEqual(["server-error", 500, "Server error"]);
    await expect(admin.listScaleSetsFor({ orgId: org.id })).resolves.toEqual([]);
  });

  it("a non-UUID id is 400", async () => {
    expect((await apiError(admin.deleteOrganisation("not-a-uuid"))).isBadRequest).toBe(true);
  });
});
