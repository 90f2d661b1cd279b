import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import type { TokenClaims } from "./http-types.js";
import { signJwt, verifyJwt } from "./jwt.js";

const secret = randomBytes(32);
const claims: TokenClaims = {
  user: "u-1",
  token_id: "t-1",
  full_name: "Admin User",
  is_admin: true,
  read_metrics: false,
  generation: 0,
  iss: "garm",
  exp: 2_000_000_000,
};

describe("HS256 JWTs", () => {
  it("round-trips the claims with an HS256 header", () => {
    const token = signJwt(claims, secret);
    const header: unknown = JSON.parse(Buffer.from(token.split(".")[0]!, "base64url").toString());
    expect(header).toEqual({ alg: "HS256", typ: "JWT" });
    expect(verifyJwt(token, secret, 1_000)).toEqual(claims);
  });

  it("rejects expired, tampered, foreign and malformed tokens", () => {
    const token = signJwt(claims, secret);
    expect(verifyJwt(token, secret, claims.exp)).toBeUndefined();
    const [h, , s] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ ...claims, is_admin: false })).toString("base64url");
    expect(verifyJwt(`${h}.${forged}.${s}`, secret, 1_000)).toBeUndefined();
    expect(verifyJwt(token, randomBytes(32), 1_000)).toBeUndefined();
    expect(verifyJwt("not.a-token", secret, 1_000)).toBeUndefined();
  });
});
