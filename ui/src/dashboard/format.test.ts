// Dashboard wording: row ages, "last synced", the offline banner, CI speech and account chip messages.
import { describe, expect, it } from "vitest";
import { ApiError } from "../api";
import { dashboard, pr, sync } from "../test/prs";
import {
  age,
  ageAgo,
  turnWords,
  budget,
  capNotes,
  chipMessage,
  chipTitle,
  ciSpeech,
  lastSynced,
  lightLabel,
  offlineWords,
  progressWords,
  refreshWords,
  rowDescription,
  shownWords,
} from "./format";

const NOW = Date.parse("2026-11-28T12:00:00Z");

describe("dashboard wording", () => {
  it("words the status region's messages: filter count, refresh progress and result", () => {
    expect(shownWords(4, 23)).toBe("4 pull requests of 23");
    expect(shownWords(1, 23)).toBe("1 pull request of 23");
    expect(shownWords(23, 23)).toBe("23 pull requests");
    expect(progressWords(null)).toBe("Refreshing…");
    expect(progressWords({ done: 2, total: 4, account: "Work GitHub" })).toBe("Refreshing 2/4 — Work GitHub");
    const rows = [pr({ number: 1 }), pr({ number: 2 })];
    expect(refreshWords({ ok: true, data: dashboard({ rows }) })).toBe("Refresh done: 2 pull requests");
    const failed = [sync(), sync({ accountId: "b", errorCode: "unreachable" }), sync({ accountId: "c", errorCode: "rate_limited" })];
    expect(refreshWords({ ok: true, data: dashboard({ rows: rows.slice(1), accounts: failed }) })).toBe(
      "Refresh done: 1 pull request; 2 accounts failed to sync",
    );
    const offline = dashboard({ rows, offline: true, lastSyncedAt: "2026-11-28T11:57:00Z" });
    expect(refreshWords({ ok: true, data: offline }, new Date(NOW))).toBe(
      "Refresh done: Offline — showing the state from 3 min ago",
    );
    const error = new ApiError("internal", "database is locked");
    expect(refreshWords({ ok: false, error })).toBe("Refresh failed: database is locked");
  });

  it("describes a row in words: light, tags, repo, author, age, CI, reviews, account", () => {
    const row = pr({
      number: 7,
      title: "Not in the description",
      light: "yellow",
      reasons: ["draft"],
      draft: true,
      labels: ["ui", "a11y"],
      createdAt: "2026-11-28T11:59:40Z",
      ci: { passed: 0, failed: 0, running: 1 },
      approvals: 1,
    });
    expect(rowDescription(row, NOW)).toBe(
      "Yellow: draft. Draft, ui, a11y. acme/api#7 by alice, opened just now. " +
        "checks: 0 passed, 0 failed, 1 running. 1 approval. Work GitHub",
    );
  });

  it("says what the forge is doing to merge it right after the light", () => {
    const row = pr({
      number: 7,
      light: "yellow",
      reasons: ["checks running (1)"],
      createdAt: "2026-11-28T11:59:40Z",
      automation: "auto-merge on (squash) — waits for CI",
    });
    expect(rowDescription(row, NOW).split(". ").slice(0, 2)).toEqual([
      "Yellow: checks running (1)",
      "auto-merge on (squash) — waits for CI",
    ]);
  });

  it("says a row's age in minutes, hours, days and weeks", () => {
    expect(age("2026-11-28T11:59:40Z", NOW)).toBe("now");
    expect(age("2026-11-28T11:48:00Z", NOW)).toBe("12 min");
    expect(age("2026-11-28T09:00:00Z", NOW)).toBe("3 h");
    expect(age("2026-11-26T11:00:00Z", NOW)).toBe("2 d");
    expect(age("2026-10-28T12:00:00Z", NOW)).toBe("4 w");
  });

  it("says how long ago in words, never \"now ago\"", () => {
    expect(ageAgo("2026-11-28T11:59:40Z", NOW)).toBe("just now");
    expect(ageAgo("2026-11-28T11:48:00Z", NOW)).toBe("12 min ago");
    expect(ageAgo("2026-11-28T09:00:00Z", NOW)).toBe("3 h ago");
  });

  it("says when the dashboard last synced, or that it never did", () => {
    expect(lastSynced("2026-11-28T11:57:00Z", new Date(NOW))).toBe("last synced 3 min ago");
    expect(lastSynced(null, new Date(NOW))).toBe("never synced");
    expect(offlineWords("2026-11-28T11:57:00Z", new Date(NOW))).toBe("Offline — showing the state from 3 min ago");
  });

  it("names the light and its reasons, and speaks the CI counts", () => {
    expect(lightLabel({ light: "red", reasons: ["CI failing: build", "merge conflict"] })).toBe(
      "Red: CI failing: build, merge conflict",
    );
    expect(ciSpeech({ passed: 3, failed: 1, running: 2 })).toBe("checks: 3 passed, 1 failed, 2 running");
    expect(ciSpeech({ passed: 0, failed: 0, running: 0 })).toBe("no checks");
  });

  it("words each error code for the account chips", () => {
    expect(chipMessage(sync({ errorCode: "unreachable", provider: "gitlab" }))).toBe("can't reach GitLab");
    const reset = new Date(2026, 10, 28, 14, 5).toISOString();
    expect(chipMessage(sync({ errorCode: "rate_limited", rateResetAt: reset }))).toBe("rate limited until 14:05");
    expect(chipMessage(sync({ errorCode: "rate_limited" }))).toBe("rate limited");
    expect(chipMessage(sync({ errorCode: "invalid_token" }))).toBe("token refused — replace it in Settings");
    expect(chipMessage(sync({ errorCode: "token_expired" }))).toBe("token refused — replace it in Settings");
    expect(chipMessage(sync({ errorCode: "key_mismatch" }))).toBe("token must be re-entered in Settings");
    expect(chipMessage(sync({ errorCode: "something_new" }))).toBe("sync failed");
  });

  it("puts the full message and the API budget in the chip's title", () => {
    const a = sync({ errorCode: "unreachable", errorMessage: "connection refused", rateRemaining: 4321, rateLimit: 5000 });
    expect(budget(a)).toBe("4,321 of 5,000 API requests left");
    expect(chipTitle(a)).toBe("connection refused · 4,321 of 5,000 API requests left");
    expect(budget(sync())).toBe("API budget not reported");
    expect(chipTitle(sync({ errorCode: "server_error" }))).toBe("server_error");
  });

  it("words a refresh postponed for the API budget", () => {
    const reset = new Date(2026, 10, 28, 14, 5).toISOString();
    expect(chipMessage(sync({ errorCode: "postponed", rateResetAt: reset }))).toBe(
      "refresh postponed until 14:05 (API budget)",
    );
    expect(chipMessage(sync({ errorCode: "postponed" }))).toBe("refresh postponed (API budget)");
  });

  it("notes a section the forge cut short, per account", () => {
    const work = sync({ capped: [{ section: "mine", shown: 1000, total: 1234 }] });
    const oss = sync({ accountId: "acc-2", name: "OSS", capped: [{ section: "mine", shown: 1000, total: 5000 }] });
    const off = sync({ enabled: false, capped: [{ section: "watched", shown: 1000, total: 2000 }] });
    expect(capNotes([work, oss, off])).toEqual({
      mine:
        "showing 1,000 of 1,234 — GitHub search stops at 1,000 (Work GitHub); " +
        "showing 1,000 of 5,000 — GitHub search stops at 1,000 (OSS)",
    });
    expect(capNotes([sync()])).toEqual({});
  });
});

describe("turnWords", () => {
  const now = Date.parse("2026-12-07T12:00:00Z");
  it("says why, with when the forge told it", () => {
    expect(turnWords({ kind: "returned_to_me", words: "bob requested changes", at: "2026-12-07T09:00:00Z" }, now)).toBe(
      "bob requested changes 3 h ago",
    );
    expect(turnWords({ kind: "re_review_needed", words: "alice pushed since your review", at: null }, now)).toBe(
      "alice pushed since your review",
    );
    expect(turnWords(null, now)).toBe("");
  });
});
