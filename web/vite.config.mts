/**
 * The web client's build: `npm run build:web` writes web/dist/, a static site (index.html, hashed assets)
 * that reads its settings from ./config.json at run time, so one build serves every stage.
 */
import { defineConfig } from "vite";

export default defineConfig({
  root: import.meta.dirname,
  // Relative asset URLs: the site works from any path (a bucket prefix, a CloudFront behaviour).
  base: "./",
  resolve: {
    // amazon-chime-sdk-js is CommonJS and require()s the AWS SDK: prefer the packages' browser builds, or
    // the bundle gets the Node ones (node:fs, http2...).
    mainFields: ["browser", "module", "main"],
  },
  // amazon-chime-sdk-js (CSPMonitor) reads `global`, which browsers do not have.
  define: { global: "globalThis" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // What scripts/report-sizes.mjs reads: each entry's and lazy chunk's files.
    manifest: true,
    target: "es2022",
    sourcemap: true,
  },
  server: { host: "127.0.0.1" },
});
