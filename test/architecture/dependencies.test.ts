/**
 * package.json's split by what runs where: `dependencies` are what the deployed functions import
 * (handlers/ and src/, bundled by esbuild), everything else is a devDependency; and the AWS SDK
 * clients share one core.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..", "..");
const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8")) as {
  packages: Record<string, { version: string }>;
};

/** The packages imported at run time (not `import type`) by the deployed code. */
function deployedImports(): Set<string> {
  const files = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard", "handlers", "src"], {
    cwd: root,
    encoding: "utf8",
  })
    .split("\n")
    .filter((file) => /\.ts$/.test(file) && !/\.test\.ts$/.test(file));
  const packages = new Set<string>();
  const statement =
    /^\s*(import|export)\s+(?!type\s)[^;]*?\sfrom\s*["']([^"'.][^"']*)["']|require\(["']([^"'.][^"']*)["']\)/gm;
  for (const file of files) {
    for (const match of readFileSync(join(root, file), "utf8").matchAll(statement)) {
      const specifier = match[2] ?? match[3];
      if (specifier.startsWith("node:")) continue;
      const parts = specifier.split("/");
      packages.add(specifier.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]);
    }
  }
  return packages;
}

test("dependencies are exactly the packages the deployed code imports at run time", () => {
  expect(Object.keys(manifest.dependencies).sort()).toEqual([...deployedImports()].sort());
});

test("the AWS SDK's clients share one @aws-sdk/core and one @smithy/core", () => {
  for (const name of ["@aws-sdk/core", "@smithy/core"]) {
    const versions = Object.entries(lock.packages)
      .filter(([path]) => path === `node_modules/${name}` || path.endsWith(`/node_modules/${name}`))
      .map(([, entry]) => entry.version);
    expect({ name, versions }).toEqual({ name, versions: [expect.any(String)] });
  }
});

test("the unused Serverless Framework v3 (serverless-offline's peer) is not installed", () => {
  expect(lock.packages["node_modules/serverless"]).toBeUndefined();
  expect(lock.packages["node_modules/osls"]).toBeDefined();
});
