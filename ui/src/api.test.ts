// The api wrapper turns tauri-specta Results into values or coded ApiErrors.
import { describe, expect, it } from "vitest";
import { ApiError, api, unwrap } from "./api";
import { APP_INFO, mockAppInfo } from "./test/fixtures";

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
});
