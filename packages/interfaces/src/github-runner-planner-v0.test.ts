import { describe, expect, it } from "vitest";

import {
  PLANNER_TOKEN_MAX_LENGTH,
  plannerLabels,
  readPlannerFlavor,
  readPlannerProviderData,
  readPlannerToken,
  writePlannerFlavor,
  writePlannerProviderData,
  type PlannerFlavor,
} from "./github-runner-planner-v0.js";
import { URL_MAX_LENGTH } from "./limits.js";

const TOKEN_URI = "secret://7f3c0000-1111-4222-8333-444455556666/d1k5abcdefghijklmnop";

const flavor: PlannerFlavor = {
  flavor: "small",
  labels: ["small", "large", "noble"],
  platform: "github",
  priority: 50,
  minimumPressure: 3,
};

describe("writePlannerFlavor (requirer app databag)", () => {
  it("writes the five keys as strings, labels as Python's json.dumps writes them", () => {
    expect(writePlannerFlavor(flavor)).toEqual({
      data: {
        flavor: "small",
        labels: '["small", "large", "noble"]',
        platform: "github",
        priority: "50",
        "minimum-pressure": "3",
      },
      removedKeys: [],
    });
  });

  it.each<[string, Partial<PlannerFlavor>]>([
    ["an upper-case label (the planner would re-create the flavor on every hook)", { labels: ["Small"] }],
    ["a repeated label", { labels: ["small", "small"] }],
    ["no label", { labels: [] }],
    ["a label with a comma", { labels: ["a,b"] }],
    ["a padded flavor", { flavor: " small" }],
    ["a negative minimum pressure", { minimumPressure: -1 }],
    ["a fractional priority", { priority: 1.5 }],
  ])("refuses %s", (_what, change) => {
    expect(() => writePlannerFlavor({ ...flavor, ...change })).toThrow();
  });
});

describe("plannerLabels", () => {
  it("lowercases, deduplicates and puts the scaleset name first, the rest sorted", () => {
    expect(plannerLabels("Small", ["Noble", "large", "noble", "SMALL", "x64"])).toEqual([
      "small",
      "large",
      "noble",
      "x64",
    ]);
  });

  it("gives the same list whatever order the operator wrote the labels in", () => {
    expect(plannerLabels("s", ["b", "a", "c"])).toEqual(plannerLabels("s", ["c", "b", "a", "B"]));
  });

  it("is the name alone without labels", () => {
    expect(plannerLabels("small", [])).toEqual(["small"]);
  });
});

describe("readPlannerFlavor (the planner's parse, for a stand-in provider)", () => {
  it("round-trips what the writer wrote", () => {
    expect(readPlannerFlavor(writePlannerFlavor(flavor).data)).toEqual({ ok: true, value: flavor });
  });

  it("takes CSV labels, lowercases them, and defaults priority 50 and minimum pressure 0", () => {
    expect(readPlannerFlavor({ flavor: "f", labels: "A, b,,c" })).toEqual({
      ok: true,
      value: { flavor: "f", labels: ["a", "b", "c"], platform: "github", priority: 50, minimumPressure: 0 },
    });
  });

  it("reads empty labels as self-hosted and forces the platform to github", () => {
    const read = readPlannerFlavor({ flavor: "f", labels: "[]", platform: "gitlab" });
    expect(read.ok && read.value).toMatchObject({ labels: ["self-hosted"], platform: "github" });
  });

  it("is incomplete without a flavor, invalid with a non-integer number", () => {
    expect(readPlannerFlavor({})).toMatchObject({ ok: false, state: "incomplete", missing: ["flavor"] });
    expect(readPlannerFlavor({ flavor: "f", priority: "high" })).toMatchObject({
      ok: false,
      state: "invalid",
      problems: [{ key: "priority", message: "priority must be an integer" }],
    });
    expect(readPlannerFlavor({ flavor: "f", labels: '["a", 1]' })).toMatchObject({
      ok: false,
      state: "invalid",
    });
  });
});

describe("readPlannerProviderData (the planner's answer, untrusted)", () => {
  it("round-trips what a provider writes", () => {
    const data = { endpoint: "https://planner.example/prefix/", tokenSecretUri: TOKEN_URI };
    expect(readPlannerProviderData(writePlannerProviderData(data).data)).toEqual({ ok: true, value: data });
  });

  it("accepts the K8s service URL the planner publishes without ingress and the short secret form", () => {
    const read = readPlannerProviderData({
      endpoint: "http://planner.planner-model:8080",
      token: "secret:d1k5abcdefghijklmnop",
    });
    expect(read).toEqual({
      ok: true,
      value: { endpoint: "http://planner.planner-model:8080", tokenSecretUri: "secret:d1k5abcdefghijklmnop" },
    });
  });

  it("reads an upper-case scheme and an empty port in canonical form", () => {
    const read = readPlannerProviderData({ endpoint: "HTTPS://planner.example:/p", token: TOKEN_URI });
    expect(read.ok && read.value.endpoint).toBe("https://planner.example/p");
  });

  it("is incomplete until the planner has published both keys", () => {
    expect(readPlannerProviderData({})).toMatchObject({
      ok: false,
      state: "incomplete",
      missing: ["endpoint", "token"],
    });
    expect(readPlannerProviderData({ endpoint: "https://planner.example" })).toMatchObject({
      ok: false,
      state: "incomplete",
      missing: ["token"],
    });
  });

  it.each<[string, Record<string, string>, string]>([
    ["ftp endpoint", { endpoint: "ftp://planner.example" }, "endpoint must be a valid http(s) URL"],
    ["endpoint without scheme", { endpoint: "planner.example:8080" }, "endpoint must be a valid http(s) URL"],
    ["endpoint with a newline", { endpoint: "http://p\nX: y" }, "endpoint must be a valid http(s) URL"],
    [
      "over-long endpoint",
      { endpoint: `https://p.example/${"a".repeat(URL_MAX_LENGTH)}` },
      "endpoint must be a valid http(s) URL",
    ],
    ["plaintext token", { token: "tok-plaintext-value-Zz9" }, "token must be a Juju secret URI"],
    ["blank endpoint", { endpoint: "  " }, "endpoint must not be blank"],
    ["padded endpoint", { endpoint: " https://planner.example" }, "endpoint must not start or end"],
    ["padded token", { token: `${TOKEN_URI}\n` }, "token must not start or end"],
  ])("refuses a %s as invalid", (_what, change, message) => {
    const read = readPlannerProviderData({
      endpoint: "https://planner.example",
      token: TOKEN_URI,
      ...change,
    });
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.state).toBe("invalid");
    expect(read.problems.map((p) => p.message).join("; ")).toContain(message);
    for (const problem of read.problems) expect(problem.message).not.toContain("tok-plaintext");
  });

  it("never throws, whatever the remote side sent", () => {
    for (const bag of [undefined, null, 42, "endpoint=x", [], { endpoint: 1 }, { token: { a: 1 } }]) {
      expect(readPlannerProviderData(bag)).toMatchObject({ ok: false, state: "invalid" });
    }
  });
});

describe("readPlannerToken (content of the planner's token secret)", () => {
  it("returns the token under the key token", () => {
    expect(readPlannerToken({ token: "AbC-123_xyz.TOKEN" })).toEqual({
      ok: true,
      token: "AbC-123_xyz.TOKEN",
    });
  });

  it.each<[string, Record<string, string>, string]>([
    ["no token key", { value: "AbC-123_xyz" }, "token secret has no 'token' key"],
    ["an empty token", { token: "" }, "token secret's value is empty"],
    ["a token with a newline", { token: "AbC\nX-Evil: 1" }, "printable ASCII without spaces"],
    ["a token with a space", { token: "Bearer AbC" }, "printable ASCII without spaces"],
    ["an over-long token", { token: "a".repeat(PLANNER_TOKEN_MAX_LENGTH + 1) }, "must be at most"],
  ])("refuses %s without echoing it", (_what, content, message) => {
    const read = readPlannerToken(content);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problem).toContain(message);
    expect(read.problem).not.toContain("AbC");
  });
});
