// Vite builds the bundled UI into ui/dist for Tauri; Vitest reuses the same config for unit tests.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [react()],
  // Tauri's dev server expects a fixed port; the production build is served by the app itself.
  clearScreen: false,
  server: { port: 1420, strictPort: true },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // WebKitGTK on Debian 12 and current WebView2/WKWebView all support ES2021.
    target: "es2021",
    // Keep every asset a separate file: the CSP allows no inline scripts.
    assetsInlineLimit: 0,
  },
  test: {
    environment: "jsdom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
  },
});
