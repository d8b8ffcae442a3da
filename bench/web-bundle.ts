/**
 * The web client's bundle (web/dist, from `npm run build:web`, which runs this after the build): what
 * each screen loads, gzip-compressed as served, against the budget: the sign-in page's JavaScript at most
 * 200 KB; the chat (Apollo) and the realtime module (amazon-chime-sdk-js) loaded only after sign-in.
 * Also checks the tree-shaking of amazon-chime-sdk-js: only its messaging modules, none of its meetings
 * code. Exits 1 when a budget or a check fails. Run: npm run bench:web-bundle
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";

const DIST = resolve(__dirname, "..", "web", "dist");
const SIGN_IN_BUDGET_BYTES = 200 * 1024;
/** Modules of amazon-chime-sdk-js that only its meetings (audio/video) code has. */
const MEETINGS_MARKERS = ["DefaultAudioVideoController", "DefaultMeetingSession", "DefaultSignalingClient"];

interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  isDynamicEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

function sizes(file: string) {
  const content = readFileSync(join(DIST, file));
  return { raw: content.length, gzip: gzipSync(content, { level: 9 }).length };
}

/** A chunk and every chunk it imports statically: what loading it costs. */
function closure(manifest: Manifest, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imported of manifest[key].imports ?? []) closure(manifest, imported, seen);
  return seen;
}

/** The npm packages (and our own sources) a chunk's source map names. */
function sourcesOf(file: string): string[] {
  const mapFile = join(DIST, `${file}.map`);
  // Rolldown's runtime chunk (its CommonJS interop, split out once two chunks need it) has no sources.
  if (!existsSync(mapFile)) return [];
  const map = JSON.parse(readFileSync(mapFile, "utf8")) as { sources: string[] };
  return map.sources;
}

function packageOf(source: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  return match ? match[1] : "(app)";
}

function main(): number {
  const manifestPath = join(DIST, ".vite", "manifest.json");
  if (!existsSync(manifestPath)) {
    console.error("No web/dist/.vite/manifest.json: run `npm run build:web` first.");
    return 1;
  }
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as Manifest;
  const entryKey = Object.keys(manifest).find((key) => manifest[key].isEntry);
  if (!entryKey) throw new Error("The manifest has no entry.");
  const signIn = closure(manifest, entryKey);
  const failures: string[] = [];

  const report = (title: string, keys: Iterable<string>) => {
    let total = 0;
    const lines: string[] = [];
    for (const key of keys) {
      const { file } = manifest[key];
      const { raw, gzip } = sizes(file);
      total += gzip;
      const packages = [...new Set(sourcesOf(file).map(packageOf))].filter((name) => name !== "(app)");
      lines.push(
        `    ${file.padEnd(38)} ${kb(raw).padStart(10)} raw ${kb(gzip).padStart(9)} gzip   ${packages.join(", ")}`,
      );
    }
    console.log(`  ${title}: ${kb(total)} gzip`);
    for (const line of lines) console.log(line);
    return total;
  };

  console.log("Web client bundle (web/dist), JavaScript as served (gzip -9):");
  const signInBytes = report("sign-in page", signIn);
  const css = (manifest[entryKey].css ?? []).reduce((sum, file) => sum + sizes(file).gzip, 0);
  console.log(`    + CSS ${kb(css)} gzip`);
  const lazy = Object.keys(manifest).filter((key) => manifest[key].isDynamicEntry);
  for (const key of lazy) {
    // What it adds: not the sign-in page's chunks, nor other lazy chunks, counted on their own.
    const extra = [...closure(manifest, key)].filter(
      (chunk) => chunk === key || (!signIn.has(chunk) && !lazy.includes(chunk)),
    );
    report(`loaded later: ${manifest[key].src ?? key}`, extra);
  }

  console.log(
    `  budget: sign-in page ${kb(signInBytes)} of ${kb(SIGN_IN_BUDGET_BYTES)} (${((signInBytes / SIGN_IN_BUDGET_BYTES) * 100).toFixed(0)}%)`,
  );
  if (signInBytes > SIGN_IN_BUDGET_BYTES)
    failures.push(`the sign-in page's JavaScript is over ${kb(SIGN_IN_BUDGET_BYTES)}`);

  const signInPackages = new Set([...signIn].flatMap((key) => sourcesOf(manifest[key].file).map(packageOf)));
  for (const name of ["@apollo/client", "amazon-chime-sdk-js", "@aws-sdk/client-chime-sdk-messaging"]) {
    if (signInPackages.has(name)) failures.push(`${name} is in the sign-in page (it must load after sign-in)`);
  }

  const chimeModules = Object.values(manifest)
    .flatMap((chunk) => (chunk.file.endsWith(".js") ? sourcesOf(chunk.file) : []))
    .filter((source) => source.includes("node_modules/amazon-chime-sdk-js/"))
    .map((source) => source.replace(/.*amazon-chime-sdk-js\/build\//, ""));
  const meetings = Object.values(manifest)
    .filter((chunk) => chunk.file.endsWith(".js"))
    .flatMap((chunk) =>
      MEETINGS_MARKERS.filter((marker) => readFileSync(join(DIST, chunk.file), "utf8").includes(marker)),
    );
  console.log(
    `  amazon-chime-sdk-js: ${chimeModules.length} modules (${chimeModules.map((path) => path.replace(/\.js$/, "")).join(", ")}); meetings code: ${meetings.length === 0 ? "none" : meetings.join(", ")}`,
  );
  if (meetings.length > 0)
    failures.push(`amazon-chime-sdk-js's meetings code is in the bundle (${meetings.join(", ")})`);

  for (const failure of failures) console.error(`FAIL: ${failure}`);
  return failures.length === 0 ? 0 : 1;
}

process.exitCode = main();
