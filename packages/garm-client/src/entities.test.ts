import { describe, expect, it } from "vitest";
import {
  createOrganisationToWire,
  createRepositoryToWire,
  organisationsWire,
  repositoryWire,
  updateEntityToWire,
} from "./entities.js";

describe("organisation and repository wire mapping", () => {
  it("maps an organisation, including an empty pool manager status", () => {
    const [org] = organisationsWire.parse([
      {
        id: "94d2554a",
        name: "fake-org",
        credentials_name: "fake-app",
        credentials_id: 1,
        pool_manager_status: {},
        pool_balancing_type: "roundrobin",
        endpoint: { name: "fake-gh" },
        agent_mode: false,
      },
    ]);
    expect(org).toEqual({
      id: "94d2554a",
      name: "fake-org",
      credentialsName: "fake-app",
      credentialsId: 1,
      endpointName: "fake-gh",
      poolBalancingType: "roundrobin",
      poolManagerStatus: { running: false, failureReason: "" },
      agentMode: false,
    });
  });

  it("maps a repository's owner and its pool manager failure", () => {
    const repo = repositoryWire.parse({
      id: "1c0d8db4",
      owner: "fake-org",
      name: "fake-repo",
      credentials_name: "fake-pat",
      credentials_id: 2,
      pool_manager_status: { failure_reason: "pool manager is starting up" },
      agent_mode: false,
    });
    expect(repo.owner).toBe("fake-org");
    expect(repo.poolManagerStatus).toEqual({ running: false, failureReason: "pool manager is starting up" });
    expect(repo.endpointName).toBe("");
  });

  it("writes create and update bodies with GARM's field names", () => {
    expect(createOrganisationToWire({ name: "o", credentialsName: "c", webhookSecret: "s" })).toEqual({
      name: "o",
      credentials_name: "c",
      webhook_secret: "s",
    });
    expect(
      createRepositoryToWire({
        owner: "o",
        name: "r",
        credentialsName: "c",
        webhookSecret: "s",
        poolBalancerType: "pack",
      }),
    ).toEqual({
      owner: "o",
      name: "r",
      credentials_name: "c",
      webhook_secret: "s",
      pool_balancer_type: "pack",
    });
    expect(updateEntityToWire({ credentialsName: "other" })).toEqual({ credentials_name: "other" });
  });
});
