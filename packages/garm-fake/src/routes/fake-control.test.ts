import { afterEach, describe, expect, it } from "vitest";
import type { GarmFake, GarmFakeOptions } from "../garm-fake.js";
import { call, readyFake, scaleSetBody, seedEntities } from "../test-support.js";

let fake: GarmFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** A ready fake with one scale set under an org; returns the admin token and the scale set's id. */
async function withScaleSet(options: GarmFakeOptions): Promise<{ token: string; id: number }> {
  const started = await readyFake(options);
  fake = started.fake;
  const { orgId } = await seedEntities(fake, started.token);
  const created = await call(fake, "POST", `/api/v1/organizations/${orgId}/scalesets`, {
    token: started.token,
    body: scaleSetBody(),
  });
  return { token: started.token, id: (created.body as { id: number }).id };
}

const assignedJobs = async (id: number | string, body: unknown) =>
  call(fake!, "PUT", `/_fake/scalesets/${String(id)}/assigned-jobs`, { body });

describe("fake-only control: jobs GitHub assigned to a scale set", () => {
  it("is not served unless asked for: GARM's API only", async () => {
    const { id } = await withScaleSet({});
    const refused = await assignedJobs(id, { assigned_jobs: 2 });
    expect(refused.status).toBe(404);
    expect(refused.body).toEqual({ error: "Not found", details: "Resource not found" });
  });

  it("sets desired_runner_count as GARM reports it, without a token; 0 is omitted again", async () => {
    const { token, id } = await withScaleSet({ fakeControl: true });
    const set = await assignedJobs(id, { assigned_jobs: 2 });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ id, name: "fake-scaleset-1", desired_runner_count: 2 });
    const read = await call(fake!, "GET", `/api/v1/scalesets/${String(id)}`, { token });
    expect(read.body).toMatchObject({ desired_runner_count: 2 });

    await assignedJobs(id, { assigned_jobs: 0 });
    const listed = await call(fake!, "GET", "/api/v1/scalesets", { token });
    expect((listed.body as Record<string, unknown>[])[0]).not.toHaveProperty("desired_runner_count");
  });

  it("refuses a bad count and an unknown scale set", async () => {
    const { id } = await withScaleSet({ fakeControl: true });
    for (const body of [{ assigned_jobs: -1 }, { assigned_jobs: 1.5 }, { assigned_jobs: "2" }, {}]) {
      expect((await assignedJobs(id, body)).status).toBe(400);
    }
    expect((await assignedJobs("x", { assigned_jobs: 1 })).status).toBe(400);
    const missing = await assignedJobs(999, { assigned_jobs: 1 });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: "Not Found", details: "scale set not found" });
  });

  it("is also a control of the in-process fake", async () => {
    const { token, id } = await withScaleSet({});
    fake!.setAssignedJobs(id, 3);
    const read = await call(fake!, "GET", `/api/v1/scalesets/${String(id)}`, { token });
    expect(read.body).toMatchObject({ desired_runner_count: 3 });
    expect(() => fake!.setAssignedJobs(999, 1)).toThrow("no scale set with id 999");
  });
});
