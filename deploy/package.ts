/**
 * `osls package` as CI and `npm run deploy:check` run it: offline, with none of this machine's AWS
 * settings (packaging needs no credentials) and a throwaway HOME, into a folder of its own. Returns the
 * update template CloudFormation would receive.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
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

export async function packageStack(args: string[]): Promise<Packaged> {
  const dir = mkdtempSync(join(tmpdir(), "chime-chat-api-package-"));
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("AWS_")));
  try {
    await promisify(execFile)(
      process.execPath,
      [require.resolve("osls/bin/serverless.js"), "package", "--package", dir, ...args],
      { cwd: projectRoot, env: { ...env, HOME: dir, SLS_TELEMETRY_DISABLED: "1" }, timeout: 180_000 },
    );
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new PackageError(args, `${stdout}\n${stderr}`);
  }
  const template = JSON.parse(readFileSync(join(dir, "cloudformation-template-update-stack.json"), "utf8")) as Template;
  return { dir, template };
}
