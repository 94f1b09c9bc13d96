// An account row's buttons for voice control (WCAG 2.5.3 Label in Name): each accessible name
// starts with the words the button shows, so "click Test again" finds it.
import { render, screen, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { account, mockBackend } from "../test/fixtures";
import { AccountRow } from "./AccountRow";

function rowButtons(a = account()): HTMLElement[] {
  mockBackend();
  render(
    <ul>
      <AccountRow account={a} onDialog={() => undefined} onChanged={() => undefined} />
    </ul>,
  );
  return within(screen.getByTestId("account-row")).getAllByRole("button");
}

/** The accessible name as computed from the DOM (aria-label, else the text). */
function accessibleName(el: HTMLElement): string {
  return el.getAttribute("aria-label") ?? el.textContent;
}

describe("AccountRow: label in name", () => {
  it.each([
    ["an enabled account", account()],
    ["a disabled account that needs its token again", account({ enabled: false, status: "token_must_be_reentered" })],
  ])("every button of %s is named by its visible label first, then the account", (_, a) => {
    const buttons = rowButtons(a);
    expect(buttons.length).toBeGreaterThanOrEqual(6);
    for (const button of buttons) {
      const visible = button.textContent.trim();
      expect(button).toHaveAccessibleName(accessibleName(button));
      expect(accessibleName(button).startsWith(visible)).toBe(true);
      expect(accessibleName(button)).toContain(a.name);
    }
  });

  it("names Test again after its label", () => {
    const retest = rowButtons().find((b) => b.dataset.testid === "account-retest");
    expect(retest).toHaveTextContent(/^Test again$/);
    expect(retest).toHaveAccessibleName("Test again: Work GitHub");
  });
});
