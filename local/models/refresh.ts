/**
 * `npm run models:refresh -- <checkout>`: copies the official Smithy models of the services the local
 * endpoint emulates from a checkout of AWS's public model repository (aws/api-models-aws, Apache-2.0)
 * into local/models/, byte for byte, with the repository's LICENSE and NOTICE, and records where they
 * came from in sources.json (commit and SHA-256 of each file; `models.test.ts` checks the files still
 * match it). `<checkout>` is a clone of the repository, or its bare git directory; `<revision>` a
 * commit or branch of it (HEAD when not given).
 *
 *   git clone --depth 1 https://github.com/aws/api-models-aws ../api-models-aws
 *   npm run models:refresh -- ../api-models-aws
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const MODEL_REPOSITORY = "aws/api-models-aws";

/** The services the endpoint emulates: `<service>/service/<version>/<service>-<version>.json` upstream. */
export const MODEL_FILES = [
  { service: "chime-sdk-messaging", version: "2021-05-15" },
  { service: "chime-sdk-identity", version: "2021-04-20" },
  { service: "sts", version: "2011-06-15" },
].map(({ service, version }) => ({
  file: `${service}-${version}.json`,
  upstreamPaths: [
    `${service}/service/${version}/${service}-${version}.json`,
    // Newer layouts keep the services under models/.
    `models/${service}/service/${version}/${service}-${version}.json`,
  ],
}));

const LEGAL_FILES = ["LICENSE", "NOTICE"];

export interface ModelSources {
  repository: string;
  commit: string;
  files: Record<string, { path: string; sha256: string }>;
}

export const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

/** Reads files from a working tree, or from a bare git directory at HEAD. */
function reader(checkout: string, revision: string): { read(path: string): Buffer | undefined; commit: string } {
  const bare = !existsSync(join(checkout, ".git")) && existsSync(join(checkout, "HEAD"));
  // Files are read from the commit (git show), never from the working tree, so what is recorded is what was read.
  const git = (...args: string[]) =>
    execFileSync("git", bare ? ["--git-dir", checkout, ...args] : ["-C", checkout, ...args], {
      maxBuffer: 64 * 1024 * 1024,
      stdio: ["ignore", "pipe", "ignore"],
    });
  const commit = git("rev-parse", `${revision}^{commit}`).toString().trim();
  return {
    commit,
    read(path) {
      try {
        return git("show", `${commit}:${path}`);
      } catch {
        return undefined;
      }
    },
  };
}

function main(): void {
  const [checkout, revision = "HEAD"] = process.argv.slice(2);
  if (!checkout) {
    console.error(`usage: npm run models:refresh -- <a clone of ${MODEL_REPOSITORY}> [<revision>]`);
    process.exit(2);
  }
  const source = reader(checkout, revision);
  const sources: ModelSources = { repository: MODEL_REPOSITORY, commit: source.commit, files: {} };
  for (const { file, upstreamPaths } of MODEL_FILES) {
    const path = upstreamPaths.find((candidate) => source.read(candidate));
    const data = path === undefined ? undefined : source.read(path);
    if (path === undefined || !data) throw new Error(`${checkout} has none of ${upstreamPaths.join(", ")}`);
    JSON.parse(data.toString("utf8")); // a model that is not JSON stops the refresh
    writeFileSync(join(__dirname, file), data);
    sources.files[file] = { path, sha256: sha256(data) };
  }
  for (const file of LEGAL_FILES) {
    const data = source.read(file);
    if (!data) throw new Error(`${checkout} has no ${file}`);
    writeFileSync(join(__dirname, file), data);
  }
  writeFileSync(join(__dirname, "sources.json"), `${JSON.stringify(sources, null, 2)}\n`);
  console.log(`local/models: ${MODEL_FILES.length} models from ${MODEL_REPOSITORY} at ${source.commit}`);
}

if (require.main === module) main();
