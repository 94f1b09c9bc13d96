// Settings > Notifications lists the muted repositories and unmutes one with its button.
import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";
import { commandsCalled, mockBackend } from "../test/fixtures";
import { MutedRepos } from "./MutedRepos";

describe("MutedRepos", () => {
  it("lists muted repositories and unmutes one", async () => {
    let muted = [{ accountId: "acc-gh", accountName: "Work GitHub", repo: "acme/noisy", mutedAt: "2026-12-01T10:00:00Z" }];
    const calls = mockBackend({
      muted_repos: () => muted,
      set_muted: () => {
        muted = [];
        return null;
      },
    });
    const user = userEvent.setup();
    render(<MutedRepos />);
    const row = await screen.findByTestId("muted-repo");
    expect(row).toHaveTextContent("acme/noisy · Work GitHub");
    await user.click(screen.getByRole("button", { name: "Unmute acme/noisy" }));
    await waitFor(() => {
      expect(screen.getByTestId("muted-none")).toBeInTheDocument();
    });
    expect(commandsCalled(calls, "set_muted")).toEqual([{ accountId: "acc-gh", repo: "acme/noisy", muted: false }]);
    expect(screen.getByTestId("muted-result")).toHaveTextContent("Unmuted acme/noisy on Work GitHub.");
  });
});
