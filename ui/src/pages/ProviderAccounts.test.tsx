// Settings > Provider Accounts: the empty card and the storage line naming the active secret backend.
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { APP_INFO, mockAppInfo } from "../test/fixtures";
import { ProviderAccounts } from "./ProviderAccounts";

describe("Provider Accounts page", () => {
  it("shows the empty card and names the secret backend from app_info", async () => {
    mockAppInfo({ info: { ...APP_INFO, secretBackend: "macOS Keychain" } });
    render(<ProviderAccounts focusTitle={false} />);

    expect(screen.getByTestId("page-title")).toHaveTextContent(/^Provider Accounts$/);
    expect(screen.getByText("No provider accounts yet")).toBeInTheDocument();
    expect(screen.getByText(/validates the token against the forge/)).toBeInTheDocument();
    expect(screen.getByText(/stores it encrypted/)).toBeInTheDocument();

    expect(await screen.findByTestId("storage-line")).toHaveTextContent(
      /^Tokens are encrypted with a key kept in macOS Keychain$/,
    );
  });

  it("has no buttons until adding an account is implemented", () => {
    mockAppInfo({ info: APP_INFO });
    render(<ProviderAccounts focusTitle={false} />);
    expect(screen.queryAllByRole("button")).toHaveLength(0);
  });

  it("shows the coded error instead of the storage line when app_info fails", async () => {
    mockAppInfo({ error: { code: "internal", message: "keyring unavailable" } });
    render(<ProviderAccounts focusTitle={false} />);

    expect(await screen.findByTestId("error-code")).toHaveTextContent(/^internal$/);
    expect(screen.getByTestId("error-message")).toHaveTextContent(/^keyring unavailable$/);
    expect(screen.queryByTestId("storage-line")).not.toBeInTheDocument();
  });
});
