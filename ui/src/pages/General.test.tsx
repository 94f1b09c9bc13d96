// Settings > General renders app_info's values, and a coded, readable error when the call fails.
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { APP_INFO, mockAppInfo } from "../test/fixtures";
import { General } from "./General";

describe("General page", () => {
  it("shows a loading state, then the values app_info returned", async () => {
    const calls = mockAppInfo({ info: APP_INFO });
    render(<General focusTitle={false} />);
    expect(screen.getByTestId("page-title")).toHaveTextContent(/^General$/);
    expect(screen.getByTestId("info-loading")).toBeInTheDocument();

    expect(await screen.findByTestId("info-version")).toHaveTextContent(/^9\.8\.7-test$/);
    expect(screen.getByTestId("info-data-dir")).toHaveTextContent(/^\/tmp\/ampel-test-data$/);
    expect(screen.getByTestId("info-keyring-service")).toHaveTextContent(
      /^dev\.ampel\.test\.keyring$/,
    );
    expect(screen.getByTestId("info-secret-backend")).toHaveTextContent(
      /^Secret Service \(gnome-keyring\)$/,
    );
    expect(screen.queryByTestId("info-loading")).not.toBeInTheDocument();
    expect(screen.getByText("Data folder")).toBeInTheDocument();
    expect(calls).toEqual(["app_info"]);
  });

  it("shows the error code and message when app_info fails", async () => {
    mockAppInfo({ error: { code: "no_data_dir", message: "no home directory for this user" } });
    render(<General focusTitle={false} />);

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Could not load the app information.");
    expect(screen.getByTestId("error-code")).toHaveTextContent(/^no_data_dir$/);
    expect(screen.getByTestId("error-message")).toHaveTextContent(
      /^no home directory for this user$/,
    );
    expect(screen.queryByTestId("info-version")).not.toBeInTheDocument();
    expect(screen.queryByTestId("info-loading")).not.toBeInTheDocument();
  });

  it("reports a framework failure (a bare string, e.g. an ACL denial) as code internal", async () => {
    mockAppInfo({ error: "app_info not allowed by the capability" });
    render(<General focusTitle={false} />);

    expect(await screen.findByTestId("error-code")).toHaveTextContent(/^internal$/);
    expect(screen.getByTestId("error-message")).toHaveTextContent(
      /^app_info not allowed by the capability$/,
    );
  });
});
