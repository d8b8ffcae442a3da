/** The install check that runs before npm start and npm test, on folders shaped like a checkout. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS script (it runs before any package is installed)
const { staleness } = require("../../scripts/ensureInstalled") as {
  staleness: (root: string, abi?: string) => string | undefined;
};

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "ensure-installed-"));
  writeFileSync(
    join(root, "package-lock.json"),
    JSON.stringify({
      lockfileVersion: 3,
      packages: {
        "": { name: "app" },
        "node_modules/ws": { version: "8.18.3" },
        "node_modules/a/node_modules/ws": { version: "7.5.10" },
        "node_modules/@esbuild/darwin-arm64": { version: "0.28.2", optional: true },
      },
    }),
  );
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function installed(packages: Record<string, { version: string }>, abi?: string): void {
  mkdirSync(join(root, "node_modules"), { recursive: true });
  writeFileSync(join(root, "node_modules", ".package-lock.json"), JSON.stringify({ lockfileVersion: 3, packages }));
  if (abi !== undefined) writeFileSync(join(root, "node_modules", ".node-abi"), `${abi}\n`);
}

test("a fresh clone (no node_modules) needs an install", () => {
  expect(staleness(root)).toBe("node_modules is missing");
});

test("node_modules as locked (another platform's optional packages absent) needs none", () => {
  installed({ "node_modules/ws": { version: "8.18.3" }, "node_modules/a/node_modules/ws": { version: "7.5.10" } });
  expect(staleness(root)).toBeUndefined();
});

test("a package at another version, or missing, needs an install", () => {
  installed({ "node_modules/ws": { version: "8.18.3" }, "node_modules/a/node_modules/ws": { version: "7.5.9" } });
  expect(staleness(root)).toBe("a/node_modules/ws is not at its locked version 7.5.10");
  installed({ "node_modules/ws": { version: "8.18.3" } });
  expect(staleness(root)).toBe("a/node_modules/ws is not at its locked version 7.5.10");
});

test("an install made for another Node ABI needs another", () => {
  const packages = {
    "node_modules/ws": { version: "8.18.3" },
    "node_modules/a/node_modules/ws": { version: "7.5.10" },
  };
  installed(packages, "115");
  expect(staleness(root, "115")).toBeUndefined();
  expect(staleness(root, "127")).toBe("node_modules was built for another version of Node.js");
});
