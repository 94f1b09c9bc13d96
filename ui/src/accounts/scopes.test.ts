// The scope checklist's states before and after Test Connection.
import { describe, expect, it } from "vitest";
import { validation } from "../test/fixtures";
import { scopeItems } from "./scopes";

const GITHUB = ["repo", "read:user", "read:org"];

describe("scopeItems", () => {
  it("marks every scope recommended before a test", () => {
    expect(scopeItems(GITHUB, null).map((i) => i.state)).toEqual([
      "recommended",
      "recommended",
      "recommended",
    ]);
  });

  it("marks granted and missing scopes after a test", () => {
    const items = scopeItems(GITHUB, validation({ scopes: ["repo", "read:user"] }));
    expect(items).toEqual([
      { scope: "repo", state: "granted" },
      { scope: "read:user", state: "granted" },
      { scope: "read:org", state: "missing" },
    ]);
  });

  it("counts a scope covered by a broader granted one (user covers read:user)", () => {
    const items = scopeItems(GITHUB, validation({ scopes: ["repo", "user"] }));
    expect(items.find((i) => i.scope === "read:user")?.state).toBe("granted");
  });

  it("says unknown when the forge does not report scopes (fine-grained GitHub)", () => {
    const v = validation({
      scopes: null,
      checklist: [{ feature: "read_pull_requests", required: true, anyOf: ["repo"], granted: null }],
    });
    expect(scopeItems(GITHUB, v).map((i) => i.state)).toEqual(["unknown", "unknown", "unknown"]);
  });

  it("adds missing write scopes that are not in the recommended list", () => {
    const v = validation({ scopes: ["read_api"], missingWrite: ["api"], checklist: [] });
    const items = scopeItems(["read_api"], v);
    expect(items).toEqual([
      { scope: "read_api", state: "granted" },
      { scope: "api", state: "missing" },
    ]);
  });
});
