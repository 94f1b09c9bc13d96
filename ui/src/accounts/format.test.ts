// Wording of account facts: expiry levels and words, relative times, status words, token kinds.
import { describe, expect, it } from "vitest";
import { account } from "../test/fixtures";
import { ago, expiry, kindFromHint, statusWords, tokenKindWords } from "./format";

const NOW = new Date("2026-11-28T12:00:00Z");
const at = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000).toISOString();

describe("expiry", () => {
  it("is ok and counts days when 14 or more days are left", () => {
    expect(expiry(at(30 * 24), NOW)).toEqual({ level: "ok", text: "expires in 30 days" });
    expect(expiry(at(14 * 24), NOW).level).toBe("ok");
  });

  it("turns amber under 14 days", () => {
    expect(expiry(at(5 * 24), NOW)).toEqual({ level: "warn", text: "expires in 5 days" });
    expect(expiry(at(13 * 24 + 23), NOW).level).toBe("warn");
    expect(expiry(at(24), NOW).text).toBe("expires in 1 day");
    expect(expiry(at(2), NOW).text).toBe("expires today");
  });

  it("turns red once expired and says how long ago", () => {
    expect(expiry(at(-3 * 24), NOW)).toEqual({ level: "expired", text: "expired 3 days ago" });
    expect(expiry(at(-1), NOW)).toEqual({ level: "expired", text: "expired today" });
  });

  it("words a date-only expiry (00:00 UTC, as GitLab's) the same way either side of midnight and noon", () => {
    const gitlab = "2026-12-06T00:00:00Z";
    const cases: [string, string][] = [
      ["2026-11-30T23:55:00Z", "expires in 5 days"],
      ["2026-12-01T00:05:00Z", "expires in 5 days"],
      ["2026-12-01T11:55:00Z", "expires in 5 days"],
      ["2026-12-01T12:05:00Z", "expires in 4 days"],
      ["2026-12-01T23:55:00Z", "expires in 4 days"],
      ["2026-12-05T11:55:00Z", "expires in 1 day"],
      ["2026-12-05T12:05:00Z", "expires today"],
      ["2026-12-06T00:05:00Z", "expired today"],
      ["2026-12-08T23:55:00Z", "expired 3 days ago"],
    ];
    for (const [now, words] of cases) {
      expect(expiry(gitlab, new Date(now)).text, now).toBe(words);
    }
  });

  it("says no expiry when there is none", () => {
    expect(expiry(null, NOW)).toEqual({ level: "ok", text: "no expiry" });
  });
});

describe("ago", () => {
  it("words recent and older times", () => {
    expect(ago(at(0), NOW)).toBe("just now");
    expect(ago(new Date(NOW.getTime() - 3 * 60_000).toISOString(), NOW)).toBe("3 min ago");
    expect(ago(at(-5), NOW)).toBe("5 h ago");
    expect(ago(at(-48), NOW)).toBe("2 days ago");
  });
});

describe("statusWords", () => {
  it("says each status in words, with the diagnosis for failures", () => {
    expect(statusWords(account({ status: "verified" }))).toBe("Verified");
    expect(statusWords(account({ status: "not_verified" }))).toBe(
      "Not verified — will be tested when the forge is reachable",
    );
    expect(statusWords(account({ status: "failed", statusDetail: "token_expired" }))).toBe(
      "Failed: Token expired",
    );
    expect(statusWords(account({ status: "failed", statusDetail: "invalid_token" }))).toBe(
      "Failed: Invalid token",
    );
    expect(statusWords(account({ status: "token_must_be_reentered" }))).toBe(
      "Token must be re-entered",
    );
  });
});

describe("token kinds", () => {
  it("names the kinds Rust sends", () => {
    expect(tokenKindWords("github_classic")).toBe("Classic personal access token");
    expect(tokenKindWords("github_fine_grained")).toBe("Fine-grained personal access token");
    expect(tokenKindWords("bitbucket_workspace_access_token")).toBe(
      "Bitbucket workspace access token",
    );
    expect(tokenKindWords("something_new")).toBe("something new");
  });

  it("guesses a kind from the hint while AccountView has no tokenKind", () => {
    expect(kindFromHint("ghp_…3456")).toBe("github_classic");
    expect(kindFromHint("github_pat_…abcd")).toBe("github_fine_grained");
    expect(kindFromHint("glpat-…wxyz")).toBe("gitlab_personal");
    expect(kindFromHint("ATATT…0000")).toBe("bitbucket_api_token");
    expect(kindFromHint("abcd…1234")).toBeNull();
  });
});
