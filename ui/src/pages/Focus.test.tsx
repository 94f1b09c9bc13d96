// Settings > Focus: rules are added (with a value where the kind needs one) and removed, profiles saved
// with their accounts and weekly schedule, picked by hand and handed back to the schedule.
import { render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import type { FocusView } from "../api";
import { account, commandsCalled, mockBackend } from "../test/fixtures";
import { Focus, ruleOf, scheduleWords } from "./Focus";

const WORK = account({ id: "acc-work", name: "Work GitHub" });
const HOME = account({ id: "acc-home", name: "Home Gitea", provider: "gitea" });

function backend(view: FocusView) {
  let current = view;
  return mockBackend({
    get_focus: () => current,
    list_accounts: () => [WORK, HOME],
    add_exclusion_rule: (a: Record<string, unknown>) => {
      const rule = { id: "r1", kind: a.kind, account: a.account, accountName: null, words: "author ci-*" };
      current = { ...current, rules: [...current.rules, rule as FocusView["rules"][number]] };
      return rule;
    },
    remove_exclusion_rule: () => {
      current = { ...current, rules: [] };
      return true;
    },
    put_profile: (a: Record<string, unknown>) => {
      current = { ...current, profiles: [a.profile as FocusView["profiles"][number]] };
      return null;
    },
    use_profile: (a: Record<string, unknown>) => {
      current = { ...current, active: (a.name as string | null) ?? null, byHand: !(a.schedule as boolean) };
      return current;
    },
  });
}

const EMPTY: FocusView = { rules: [], profiles: [], active: null, byHand: false, nextChange: null };

describe("Focus", () => {
  it("adds an author rule for one account, refusing an empty value first, and removes it", async () => {
    const calls = backend(EMPTY);
    const user = userEvent.setup();
    render(<Focus focusTitle={false} />);
    expect(await screen.findByTestId("rules-none")).toBeInTheDocument();
    await user.selectOptions(screen.getByTestId("rule-kind"), "author");
    await user.click(screen.getByTestId("rule-add"));
    expect(screen.getByText("Type what to hide.")).toBeInTheDocument();
    expect(commandsCalled(calls, "add_exclusion_rule")).toEqual([]);
    await user.type(screen.getByLabelText(/^Author/), " ci-* ");
    await user.selectOptions(screen.getByTestId("rule-account"), "acc-work");
    await user.click(screen.getByTestId("rule-add"));
    await waitFor(() => {
      expect(screen.getAllByTestId("rule")).toHaveLength(1);
    });
    expect(commandsCalled(calls, "add_exclusion_rule")).toEqual([
      { kind: { kind: "author", pattern: "ci-*" }, account: "acc-work" },
    ]);
    await user.click(screen.getByRole("button", { name: "Remove “author ci-*”" }));
    await waitFor(() => {
      expect(screen.getByTestId("rules-none")).toBeInTheDocument();
    });
  });

  it("saves a Work profile on weekdays and picks it by hand, then the schedule again", async () => {
    const calls = backend(EMPTY);
    const user = userEvent.setup();
    render(<Focus focusTitle={false} />);
    await screen.findByTestId("rules-none");
    await user.click(screen.getByTestId("profile-save"));
    expect(screen.getByTestId("profile-problem")).toHaveTextContent("at least one account");
    await user.type(screen.getByLabelText("Name"), "Work");
    const form = screen.getByTestId("focus-profiles");
    await user.click(within(form).getByLabelText("Work GitHub"));
    await user.click(screen.getByTestId("profile-save"));
    await waitFor(() => {
      expect(screen.getAllByTestId("profile")).toHaveLength(1);
    });
    expect(commandsCalled(calls, "put_profile")).toEqual([
      {
        profile: {
          name: "Work",
          accounts: ["acc-work"],
          orgs: [],
          schedule: [{ days: [1, 2, 3, 4, 5], start: "09:00", end: "18:00" }],
        },
      },
    ]);
    expect(screen.getByTestId("profile")).toHaveTextContent("Work · Work GitHub · Mon, Tue, Wed, Thu, Fri 09:00–18:00");
    await user.click(screen.getByRole("button", { name: "Use Work" }));
    await waitFor(() => {
      expect(screen.getByTestId("profile-active")).toHaveTextContent("In effect: Work (picked by hand)");
    });
    await user.click(screen.getByTestId("profile-schedule"));
    await waitFor(() => {
      expect(screen.getByTestId("profile-active")).toHaveTextContent("In effect: all accounts (by schedule)");
    });
    expect(commandsCalled(calls, "use_profile")).toEqual([
      { name: "Work", schedule: false },
      { name: null, schedule: true },
    ]);
  });

  it("builds rules and schedule words", () => {
    expect(ruleOf("bots", "")).toEqual({ kind: "bots" });
    expect(ruleOf("label", "  ")).toBeNull();
    expect(ruleOf("org", " acme ")).toEqual({ kind: "org", name: "acme" });
    expect(scheduleWords({ name: "x", accounts: [], schedule: [] })).toBe("picked by hand only");
    expect(scheduleWords({ name: "x", accounts: [], schedule: [{ days: [5], start: "22:00", end: "06:00" }] })).toBe(
      "Fri 22:00–06:00",
    );
  });
});
