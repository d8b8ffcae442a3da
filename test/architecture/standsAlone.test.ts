/**
 * The repository stands alone: no committed file points at notes outside it or at a path of one
 * machine. A clone has neither.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(__dirname, "..", "..");

// Built from parts so that this file does not match itself.
const outside = [
  new RegExp(["\\.\\.", "shared"].join("/")),
  new RegExp(["shared", "(reference|seeds)"].join("/")),
  // An absolute path of the machines this project is developed on.
  new RegExp("(^|[^A-Za-z0-9._-])/" + "(work|farm)/"),
];

function committedTextFiles(): string[] {
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8",
  });
  return listed
    .split("\n")
    .filter((file) => file !== "" && file !== "package-lock.json" && !/\.(png|jpe?g|gif|ico|woff2?)$/.test(file))
    .filter((file) => existsSync(join(root, file)));
}

describe("the repository stands alone", () => {
  it("no file refers to anything outside the repository", () => {
    const files = committedTextFiles();
    expect(files.length).toBeGreaterThan(100);
    const found: string[] = [];
    for (const file of files) {
      const lines = readFileSync(join(root, file), "utf8").split("\n");
      lines.forEach((line, index) => {
        if (outside.some((pattern) => pattern.test(line))) found.push(`${file}:${index + 1}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });

  it("the patterns catch what they are meant to", () => {
    const samples = [
      ["see ", "..", "/sha", "red/refer", "ence/chime-api.md"].join(""),
      ["seeds in ", "sha", "red/se", "eds/call-from-backend.md"].join(""),
      ["cd /", "work", "/main"].join(""),
    ];
    for (const sample of samples) expect(outside.some((pattern) => pattern.test(sample))).toBe(true);
    expect(outside.some((pattern) => pattern.test("node_modules/@aws-sdk/shared-ini-file-loader"))).toBe(false);
  });
});
