/**
 * `osls package` as CI and `npm run deploy:check` run it: offline, with none of this machine's AWS
 * settings (packaging needs no credentials) and a throwaway HOME, into a folder of its own. Returns the
 * update template CloudFormation would receive.
 *
 * It packages a copy of the project, never the project itself: osls works in `.serverless/` and
 * serverless-esbuild in `.esbuild/` of the service folder, and each deletes its folder when done. In the
 * project, `.esbuild/` may be what a running sls offline serves, and two packagings at once (two test
 * files) would take each other's files.
 */
import { execFile } from "node:child_process";
import { cpSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Template } from "./cloudFormation";

export const projectRoot = join(__dirname, "..");

export interface Packaged {
  /** The package folder: the template, the zips, serverless-state.json. */
  dir: string;
  template: Template;
}

export class PackageError extends Error {
  constructor(
    readonly args: string[],
    readonly output: string,
  ) {
    // osls prints the reason last (a parameter's message, a schema error).
    super(`osls package ${args.join(" ")} failed:\n${output.trim().split("\n").slice(-12).join("\n")}`);
    this.name = "PackageError";
  }
}

/**
 * The project's sources into `into`, with its node_modules linked: not the dot folders (git, npm
 * start's state, the work folders of osls and serverless-esbuild), nor anything but files and folders
 * (a state folder holds Unix sockets).
 */
function copyProject(into: string): void {
  for (const name of readdirSync(projectRoot)) {
    if (name.startsWith(".") || name === "node_modules") continue;
    cpSync(join(projectRoot, name), join(into, name), {
      recursive: true,
      filter: (source) => {
        const stats = lstatSync(source);
        return stats.isFile() || stats.isDirectory();
      },
    });
  }
  symlinkSync(join(projectRoot, "node_modules"), join(into, "node_modules"), "dir");
}

export async function packageStack(args: string[]): Promise<Packaged> {
  const dir = mkdtempSync(join(tmpdir(), "chime-chat-api-package-"));
  const copy = mkdtempSync(join(tmpdir(), "chime-chat-api-project-"));
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
  try {
    copyProject(copy);
    await promisify(execFile)(
      process.execPath,
      [require.resolve("osls/bin/serverless.js"), "package", "--package", dir, ...args],
      { cwd: copy, env: { ...env, HOME: dir, SLS_TELEMETRY_DISABLED: "1" }, timeout: 180_000 },
    ).catch((error: unknown) => {
      const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
      throw new PackageError(args, `${stdout}\n${stderr}`);
    });
  } catch (error) {
    // Nothing of a failed packaging stays behind.
    rmSync(dir, { recursive: true, force: true });
    throw error;
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
  const template = JSON.parse(readFileSync(join(dir, "cloudformation-template-update-stack.json"), "utf8")) as Template;
  return { dir, template };
}
