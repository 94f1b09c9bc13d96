// Vitest config for `npm run bench`: the timed UI benchmark, kept out of `npm test` (no timed assertions there).
import { defineConfig } from "vitest/config";

// React's production build, as in the shipped app: development React is several times slower.
process.env.NODE_ENV = "production";

export default defineConfig({
  mode: "production",
  oxc: { jsx: { runtime: "automatic", development: false } },
  test: {
    env: { NODE_ENV: "production" },
    root: new URL("..", import.meta.url).pathname,
    environment: "jsdom",
    include: ["bench/**/*.bench.ts"],
    setupFiles: ["./bench/setup.ts"],
    testTimeout: 120_000,
  },
});
