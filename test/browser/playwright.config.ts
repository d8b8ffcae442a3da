/**
 * The browser tests (`npm run test:browser`): Playwright drives Debian's chromium (no browser download)
 * against the real `npm start` (globalSetup.ts: free ports, its own state folder). One worker: the
 * scenarios open two or three browser contexts each, on a two-core machine.
 */
import { defineConfig } from "@playwright/test";
import { join } from "node:path";
import { CHROMIUM_PATH } from "./chromium";

export default defineConfig({
  testDir: __dirname,
  testMatch: "*.spec.ts",
  globalSetup: join(__dirname, "globalSetup.ts"),
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 15_000 },
  reporter: [["list"]],
  outputDir: join(__dirname, "..", "..", "test-results"),
  use: {
    browserName: "chromium",
    headless: true,
    viewport: { width: 1200, height: 720 },
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
    trace: "retain-on-failure",
  },
});
