/** api-behaviour.md §4.6 (scale sets) and source rules 2-5 for scale sets. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GarmClient } from "../client.js";
import { GarmApiError, GarmRequestInvalidError } from "../errors.js";
import type { Organisation, Repository } from "../entities.js";
import type { CreateScaleSetParams, ScaleSet, ScaleSetOwner } from "../scalesets.js";
import { anyError, apiError } from "./test-support/expect-error.js";
import {
  ContractTarget,
  FAKE_ONLY_SKIP,
  FAKE_RECREATE_LOST_SCALE_SET_MS,
  onRealGarm,
  pkcs1PrivateKey,
  scaleSetGithub,
  SCALESETS_SKIP,
  scaleSetsAvailable,
  titled,
  uniqueName,
} from "./test-support/target.js";

describe.skipIf(!scaleSetsAvailable)(
  titled("GARM contract: scale sets (§4.6)", scaleSetsAvailable, SCALESETS_SKIP),
  () => {
    let target: ContractTarget;
    let admin: GarmClient;
    let org: Organisation;
    let repo: Repository;
    let providerName: string;
    let githubLinuxId: number;

    beforeAll(async () => {
      target = await ContractTarget.open();
      admin = await target.admin();
      providerName = await target.providerName(admin);
      let credentialsName = scaleSetGithub?.credentials ?? "";
      if (scaleSetGithub === undefined) {
        const creds = await admin.createCredentials({
          name: uniqueName("app"),
          endpoint: "github.com",
          auth: { type: "app", appId: 12345, installationId: 67890, privateKeyPem: pkcs1PrivateKey() },
        });
        target.onCleanup(`credentials ${creds.name}`, () => admin.deleteCredentials(creds.id));
        credentialsName = creds.name;
      }
      const [repoOwner, repoName] = (scaleSetGithub?.repo ?? `${uniqueName("owner")}/fake-repo`).split("/");
      org = await admin.createOrganisation({
        name: scaleSetGithub?.org ?? uniqueName("org"),
        credentialsName,
        webhookSecret: "s3cr3t-webhook-value",
      });
      target.onCleanup(`organisation ${org.name}`, () =>
        admin.deleteOrganisation(org.id, { keepWebhook: true }),
      );
      repo = await admin.createRepository({
        owner: repoOwner!,
        name: repoName!,
        credentialsName,
        webhookSecret: "another-webhook-secret",
      });
      target.onCleanup(`repository ${repo.owner}/${repo.name}`, () =>
        admin.deleteRepository(repo.id, { keepWebhook: true }),
      );
      const system = (await admin.listTemplates({ osType: "linux", forgeType: "github" })).find(
        (t) => t.isSystem,
      );
      githubLinuxId = system!.id;
    });
    afterAll(async () => target.close());

    function params(overrides: Partial<CreateScaleSetParams> = {}): CreateScaleSetParams {
      return {
        name: uniqueName("ss"),
        providerName,
        image: "ubuntu:24.04",
        flavor: "small",
        osType: "linux",
        osArch: "amd64",
        maxRunners: 3,
        minIdleRunners: 0,
        enabled: true,
        runnerBootstrapTimeout: 20,
        labels: ["fake-ss"],
        ...overrides,
      };
    }

    async function create(
      owner: ScaleSetOwner,
      overrides: Partial<CreateScaleSetParams> = {},
    ): Promise<ScaleSet> {
      const scaleSet = await admin.createScaleSet(owner, params(overrides));
      target.onCleanup(`scale set ${scaleSet.name}`, async () => {
        await admin.updateScaleSet(scaleSet.id, { enabled: false });
        const { gone } = await admin.deleteScaleSet(scaleSet.id);
        if (!gone) throw new Error("GARM kept it after DELETE");
      });
      return scaleSet;
    }

    it("POST /organizations/{id}/scalesets creates a scale set on GitHub with the system template", async () => {
      const scaleSet = await create({ orgId: org.id });
      expect(scaleSet).toMatchObject({
        providerName,
        maxRunners: 3,
        minIdleRunners: 0,
        image: "ubuntu:24.04",
        flavor: "small",
        osType: "linux",
        osArch: "amd64",
        enabled: true,
        runnerBootstrapTimeout: 20,
        runnerGroup: "Default",
        runnerPrefix: "garm",
        labels: ["fake-ss"],
        extraSpecs: {},
        state: "pending_create",
        templateId: githubLinuxId,
        templateName: "github_linux",
        owner: { kind: "organisation", id: org.id, name: org.name },
      });
      expect(scaleSet.githubScaleSetId).toBeGreaterThan(0);
    });

    it("PUT /scalesets/{id} disables (GARM then omits `enabled`), re-enables and raises max_runners", async () => {
      const scaleSet = await create({ orgId: org.id });
      expect((await admin.updateScaleSet(scaleSet.id, { enabled: false })).enabled).toBe(false);
      const updated = await admin.updateScaleSet(scaleSet.id, { enabled: true, maxRunners: 4 });
      expect(updated).toMatchObject({ enabled: true, maxRunners: 4 });
      await expect(admin.getScaleSet(scaleSet.id)).resolves.toMatchObject({ enabled: true, maxRunners: 4 });
    });

    it("DELETE /scalesets/{id} while enabled is 400 `scale set is enabled; disable it first`", async () => {
      const scaleSet = await create({ orgId: org.id });
      const error = await apiError(admin.deleteScaleSet(scaleSet.id));
      expect(error.isBadRequest).toBe(true);
      expect(error.details).toBe("scale set is enabled; disable it first");
    });

    it("DELETE /scalesets/{id} after disabling removes it, confirmed by re-listing", async () => {
      const scaleSet = await create({ orgId: org.id });
      await admin.updateScaleSet(scaleSet.id, { enabled: false });
      await expect(admin.deleteScaleSet(scaleSet.id)).resolves.toEqual({ gone: true });
      expect((await apiError(admin.getScaleSet(scaleSet.id))).isNotFound).toBe(true);
      await expect(admin.deleteScaleSet(scaleSet.id)).resolves.toEqual({ gone: true });
    });

    it("POST /repositories/{id}/scalesets creates a disabled scale set under the repository", async () => {
      const scaleSet = await create({ repoId: repo.id }, { enabled: false, labels: ["repo-ss"] });
      expect(scaleSet).toMatchObject({
        enabled: false,
        labels: ["repo-ss"],
        owner: { kind: "repository", id: repo.id, name: `${repo.owner}/${repo.name}` },
      });
      expect(scaleSet.githubScaleSetId).toBeGreaterThan(0);
    });

    it("PUT /scalesets/{id} renames and sets disable_update", async () => {
      const scaleSet = await create({ repoId: repo.id }, { enabled: false });
      const renamed = await admin.updateScaleSet(scaleSet.id, {
        name: `${scaleSet.name}-renamed`,
        disableUpdate: true,
      });
      expect(renamed).toMatchObject({ name: `${scaleSet.name}-renamed`, disableUpdate: true });
    });

    it("the runner group is sent as `runner_group` on update and read back", async () => {
      const scaleSet = await create({ repoId: repo.id }, { enabled: false });
      const updated = await admin.updateScaleSet(scaleSet.id, { runnerGroup: "Default", minIdleRunners: 1 });
      expect(updated).toMatchObject({ runnerGroup: "Default", minIdleRunners: 1 });
    });

    it("extra specs round-trip", async () => {
      const scaleSet = await create({ repoId: repo.id }, { enabled: false, extraSpecs: { disk_size: 20 } });
      expect(scaleSet.extraSpecs).toEqual({ disk_size: 20 });
      const updated = await admin.updateScaleSet(scaleSet.id, { extraSpecs: { disk_size: 40 } });
      expect(updated.extraSpecs).toEqual({ disk_size: 40 });
    });

    it("GET /scalesets and GET /{org|repo}/{id}/scalesets list by owner", async () => {
      const underRepo = await create({ repoId: repo.id }, { enabled: false });
      const forRepo = await admin.listScaleSetsFor({ repoId: repo.id });
      expect(forRepo.map((s) => s.id)).toContain(underRepo.id);
      expect(forRepo.every((s) => s.owner?.kind === "repository")).toBe(true);
      const forOrg = await admin.listScaleSetsFor({ orgId: org.id });
      expect(forOrg.map((s) => s.id)).not.toContain(underRepo.id);
      expect((await admin.listScaleSets()).map((s) => s.id)).toContain(underRepo.id);
    });

    it("DELETE /repositories/{id} with a scale set is 400 `repo has scale sets defined`", async () => {
      await create({ repoId: repo.id }, { enabled: false });
      const error = await apiError(admin.deleteRepository(repo.id));
      expect(error.isBadRequest).toBe(true);
      expect(error.details).toBe("repo has scale sets defined; delete them first");
    });

    it("a template in use cannot be deleted; pointing the scale set at the system template frees it", async () => {
      const custom = await admin.createTemplate({
        name: uniqueName("charmed"),
        osType: "linux",
        forgeType: "github",
        script: "#!/bin/bash\necho {{ .RunnerName }}\n",
      });
      target.onCleanup(`template ${custom.name}`, () => admin.deleteTemplate(custom.id));
      const scaleSet = await create({ orgId: org.id }, { enabled: false, templateId: custom.id });
      expect(scaleSet).toMatchObject({ templateId: custom.id, templateName: custom.name });
      const error = await apiError(admin.deleteTemplate(custom.id));
      expect(error.isBadRequest).toBe(true);
      expect(error.details).toContain("cannot delete template while in use");
      const moved = await admin.updateScaleSet(scaleSet.id, { templateId: githubLinuxId });
      expect(moved.templateName).toBe("github_linux");
      await admin.deleteTemplate(custom.id);
    });

    it("min_idle_runners above the stored max_runners is 400", async () => {
      const scaleSet = await create({ orgId: org.id }, { enabled: false, maxRunners: 2 });
      const error = await apiError(admin.updateScaleSet(scaleSet.id, { minIdleRunners: 3 }));
      expect(error.isBadRequest).toBe(true);
      expect(error.details).toBe("min_idle_runners cannot be larger than max_runners");
    });

    it("the client refuses template_id 0, bootstrap timeout 0 and invalid creates before sending", async () => {
      const scaleSet = await create({ orgId: org.id }, { enabled: false });
      const before = target.fake?.requests.length;
      expect(await anyError(admin.updateScaleSet(scaleSet.id, { templateId: 0 }))).toBeInstanceOf(
        GarmRequestInvalidError,
      );
      expect(await anyError(admin.updateScaleSet(scaleSet.id, { runnerBootstrapTimeout: 0 }))).toBeInstanceOf(
        GarmRequestInvalidError,
      );
      expect(
        await anyError(admin.createScaleSet({ orgId: org.id }, params({ maxRunners: 0 }))),
      ).toBeInstanceOf(GarmRequestInvalidError);
      expect(
        await anyError(admin.createScaleSet({ orgId: org.id }, params({ minIdleRunners: 5 }))),
      ).toBeInstanceOf(GarmRequestInvalidError);
      expect(target.fake?.requests.length).toBe(before);
    });

    it("a duplicate name on the same owner is refused by GitHub: 400 passed on by GARM, not a 409 (seen on a real GARM)", async () => {
      const first = await create({ orgId: org.id }, { enabled: false });
      const error = await apiError(admin.createScaleSet({ orgId: org.id }, params({ name: first.name })));
      expect(error.isBadRequest).toBe(true);
      expect(error.isConflict).toBe(false);
      expect(
        (await admin.listScaleSetsFor({ orgId: org.id })).filter((s) => s.name === first.name),
      ).toHaveLength(1);
    });

    it("an unknown provider_name is accepted: GARM checks it only in the scale set's worker (seen on a real GARM)", async () => {
      const scaleSet = await create(
        { orgId: org.id },
        { enabled: false, providerName: uniqueName("noprov") },
      );
      expect(scaleSet.providerName).toMatch(/-noprov$/);
    });

    it("a scale set under an unknown organisation is 404", async () => {
      const error = await anyError(
        admin.createScaleSet({ orgId: "00000000-0000-4000-8000-000000000000" }, params()),
      );
      expect(error).toBeInstanceOf(GarmApiError);
      expect((error as GarmApiError).isNotFound).toBe(true);
    });

    describe.skipIf(onRealGarm)(titled("GARM's delete quirks", !onRealGarm, FAKE_ONLY_SKIP), () => {
      it("when GitHub lost the scale set, DELETE answers 200 but GARM keeps it (gone=false); GARM's worker re-creates it on GitHub and the next delete succeeds", async () => {
        const scaleSet = await create({ orgId: org.id }, { enabled: false });
        target.requireFake.loseGithubScaleSet(scaleSet.id);
        await expect(admin.deleteScaleSet(scaleSet.id)).resolves.toEqual({ gone: false });
        await expect(admin.getScaleSet(scaleSet.id)).resolves.toMatchObject({ id: scaleSet.id });
        const deletes = target.requireFake.requests.filter(
          (r) => r.method === "DELETE" && r.path === `/api/v1/scalesets/${scaleSet.id}`,
        );
        expect(deletes.map((r) => r.status)).toEqual([200]);
        await new Promise((resolve) => setTimeout(resolve, FAKE_RECREATE_LOST_SCALE_SET_MS + 50));
        const recreated = await admin.getScaleSet(scaleSet.id);
        expect(recreated.githubScaleSetId).not.toBe(scaleSet.githubScaleSetId);
        await expect(admin.deleteScaleSet(scaleSet.id)).resolves.toEqual({ gone: true });
      });

      it("GET /scalesets/{id}/instances lists its runners (an empty list as null or [])", async () => {
        const scaleSet = await create({ orgId: org.id }, { enabled: true });
        await expect(admin.listScaleSetRunners(scaleSet.id)).resolves.toEqual([]);
        const runner = target.requireFake.addRunner(scaleSet.id);
        await expect(admin.listScaleSetRunners(scaleSet.id)).resolves.toEqual([
          { name: runner, status: "running", runnerStatus: "pending", providerName: scaleSet.providerName },
        ]);
        target.requireFake.removeRunners(scaleSet.id);
        await expect(admin.listScaleSetRunners(scaleSet.id)).resolves.toEqual([]);
      });

      it("a scale set with runners is 400 `scale set has runners`, checked before the enabled check", async () => {
        const scaleSet = await create({ orgId: org.id }, { enabled: true });
        target.requireFake.addRunner(scaleSet.id);
        const error = await apiError(admin.deleteScaleSet(scaleSet.id));
        expect(error.details).toBe("scale set has runners");
        target.requireFake.removeRunners(scaleSet.id);
      });
    });
  },
);
