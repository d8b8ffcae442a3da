/**
 * Runs before `npm start` and `npm test` (their `pre` scripts): installs the project's packages with
 * `npm ci` when node_modules is missing or does not match package-lock.json, so that a fresh clone, or
 * a checkout whose lock file moved on, needs no other command. Plain Node, no packages: it runs
 * before there are any.
 *
 * "Matches" means every package the lock file lists is installed at its locked version, as npm's own
 * record of the install says (node_modules/.package-lock.json), and, after an install made here, for
 * the same Node ABI (native modules such as better-sqlite3 are built for one).
 */
/* global process, console, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS, run as a plain node script */
const { spawnSync } = require("node:child_process");
const { existsSync, readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
/* eslint-enable @typescript-eslint/no-require-imports */

const INSTALLED_RECORD = join("node_modules", ".package-lock.json");
// Written after an install made here: the Node ABI its native modules were built for.
const ABI_RECORD = join("node_modules", ".node-abi");

function readJson(file) {
  return JSON.parse(readFileSync(file, "utf8"));
}

/** Why `root`'s node_modules needs an install, or undefined when it matches the lock file. */
function staleness(root, abi = process.versions.modules) {
  if (!existsSync(join(root, INSTALLED_RECORD))) return "node_modules is missing";
  const locked = readJson(join(root, "package-lock.json")).packages ?? {};
  const installed = readJson(join(root, INSTALLED_RECORD)).packages ?? {};
  for (const [path, entry] of Object.entries(locked)) {
    if (!path.startsWith("node_modules/")) continue; // the project itself, workspaces
    const present = installed[path];
    // npm leaves out the optional packages of other platforms (esbuild's binaries, for one).
    if (!present && entry.optional) continue;
    if (!present || present.version !== entry.version) {
      return `${path.slice("node_modules/".length)} is not at its locked version ${entry.version}`;
    }
  }
  const abiRecord = join(root, ABI_RECORD);
  if (existsSync(abiRecord) && readFileSync(abiRecord, "utf8").trim() !== abi) {
    return "node_modules was built for another version of Node.js";
  }
  return undefined;
}

function install(root, reason) {
  console.error(`Installing the project's packages (${reason}): npm ci`);
  // The npm that runs this script (npm start / npm test), else the one on PATH.
  const [command, args] = process.env.npm_execpath
    ? [process.execPath, [process.env.npm_execpath]]
    : [process.platform === "win32" ? "npm.cmd" : "npm", []];
  const result = spawnSync(command, [...args, "ci", "--no-audit", "--no-fund"], { cwd: root, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(
      "npm ci failed (above). If package.json was changed, `npm install` brings package-lock.json up to date.",
    );
    process.exit(result.status ?? 1);
  }
  writeFileSync(join(root, ABI_RECORD), `${process.versions.modules}\n`);
}

if (require.main === module) {
  const root = join(__dirname, "..");
  const reason = staleness(root);
  if (reason !== undefined) install(root, reason);
}

module.exports = { staleness };
