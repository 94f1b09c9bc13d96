// Test environment for Vitest: jest-dom matchers, Web Crypto for Tauri's mocks, cleanup between tests.
import "@testing-library/jest-dom/vitest";
import { clearMocks } from "@tauri-apps/api/mocks";
import { cleanup, configure } from "@testing-library/react";
import { webcrypto } from "node:crypto";
import { afterEach } from "vitest";

// @tauri-apps/api draws callback ids from window.crypto.getRandomValues.
Object.defineProperty(window, "crypto", { value: webcrypto, configurable: true });

// jsdom lays nothing out, so a virtualized list would render no rows: give its scroll box a viewport.
const VIEWPORT: Record<string, number> = { clientHeight: 4000, clientWidth: 1000 };
for (const [prop, size] of Object.entries(VIEWPORT)) {
  const original = Object.getOwnPropertyDescriptor(HTMLElement.prototype, prop);
  Object.defineProperty(HTMLElement.prototype, prop, {
    configurable: true,
    get(this: HTMLElement): number {
      if (this.classList.contains("pr-scroll")) return size;
      return (original?.get?.call(this) as number | undefined) ?? 0;
    },
  });
}

// findBy*/waitFor give up after 1 s by default; on a loaded 2-core CI machine a render can take
// longer than that (suspected cause of a rare, unreproduced failure under the faked clock).
configure({ asyncUtilTimeout: 5000 });

afterEach(() => {
  cleanup();
  clearMocks();
});
