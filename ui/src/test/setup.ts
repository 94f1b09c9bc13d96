// Test environment for Vitest: jest-dom matchers, Web Crypto for Tauri's mocks, cleanup between tests.
import "@testing-library/jest-dom/vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import { cleanup } from "@testing-library/react";
import { webcrypto } from "node:crypto";
import { afterEach } from "vitest";

// @tauri-apps/api draws callback ids from window.crypto.getRandomValues.
Object.defineProperty(window, "crypto", { value: webcrypto, configurable: true });

afterEach(() => {
  cleanup();
  clearMocks();
});
