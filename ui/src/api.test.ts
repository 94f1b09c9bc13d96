// The api wrapper turns tauri-specta Results into values or coded ApiErrors, and reaches the opener plugin.
import { describe, expect, it } from "vitest";
import { ApiError, api, unwrap } from "./api";
import { APP_INFO, appError, commandsCalled, fail, mockAppInfo, mockBackend } from "./test/fixtures";

describe("api", () => {
  it("returns the data of an ok result", async () => {
    await expect(unwrap(Promise.resolve({ status: "ok", data: 42 }))).resolves.toBe(42);
  });

  it("throws an ApiError carrying the command's code and message", async () => {
    const call = unwrap(
      Promise.resolve({
        status: "error",
        error: { code: "no_data_dir", message: "no home" },
      } as const),
    );
    await expect(call).rejects.toBeInstanceOf(ApiError);
    await expect(call).rejects.toMatchObject({ code: "no_data_dir", message: "no home" });
  });

  it("calls app_info over IPC and returns its payload", async () => {
    const calls = mockAppInfo({ info: APP_INFO });
    await expect(api.appInfo()).resolves.toEqual(APP_INFO);
    expect(calls).toEqual(["app_info"]);
  });

  it("maps an IPC rejection to an ApiError", async () => {
    mockAppInfo({ error: { code: "no_data_dir", message: "nowhere to write" } });
    await expect(api.appInfo()).rejects.toMatchObject({
      name: "ApiError",
      code: "no_data_dir",
      message: "nowhere to write",
    });
  });

  it("keeps field, existingAccountId and diagnosis of an AppError", async () => {
    mockBackend({
      add_account: () => fail(appError("duplicate_account", { existingAccountId: "id-1", field: "token" })),
    });
    const input = { provider: "github", name: "x", baseUrl: null, username: null, token: "t" } as const;
    await expect(api.addAccount(input, true)).rejects.toMatchObject({
      code: "duplicate_account",
      existingAccountId: "id-1",
      field: "token",
      diagnosis: null,
    });
  });

  it("sends add_account's arguments as Rust names them", async () => {
    const calls = mockBackend({ add_account: () => ({}) });
    const input = { provider: "gitlab", name: "GL", baseUrl: "https://gl.example", username: null, token: "glpat-x" } as const;
    await api.addAccount(input, false);
    expect(commandsCalled(calls, "add_account")).toEqual([{ input, validate: false }]);
  });

  it("opens URLs through the opener plugin", async () => {
    const calls = mockBackend();
    await api.openUrl("https://github.com/settings/tokens/new");
    expect(commandsCalled(calls, "plugin:opener|open_url")[0]).toMatchObject({
      url: "https://github.com/settings/tokens/new",
    });
  });

  it("turns a plain-promise command's rejection into an ApiError", async () => {
    mockBackend({
      recommended_scopes: () => fail("not allowed"),
    });
    await expect(api.recommendedScopes("github")).rejects.toMatchObject({
      code: "internal",
      message: "not allowed",
    });
  });
});
