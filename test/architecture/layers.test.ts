/**
 * The folder rules of ARCHITECTURE.md, checked on every import of the repository's own code: a
 * dependency against the direction fails here, naming the file, the import and the rule.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, normalize } from "node:path";

const root = join(__dirname, "..", "..");

/** Tracked and new (not ignored) TypeScript and JavaScript sources, repository-relative. */
function sourceFiles(): string[] {
  const listed = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8",
  });
  return listed
    .split("\n")
    .filter((file) => /\.(ts|tsx|js|mjs|cjs)$/.test(file))
    .filter((file) => existsSync(join(root, file)));
}

const IMPORT = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm;

/** The repository path an import names (without extension), or undefined for packages. */
function resolveImport(file: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  return normalize(join(dirname(file), specifier)).replace(/\\/g, "/");
}

interface Rule {
  name: string;
  /** The importing files the rule applies to. */
  from: RegExp;
  /** Imports those files must not make. */
  forbidden: RegExp;
}

const rules: Rule[] = [
  {
    name: "the deployed API (src/, handlers/) never imports the offline stand-ins (local/)",
    from: /^(src|handlers)\//,
    forbidden: /^local(\/|$)/,
  },
  {
    name: "local/ never imports the API's GraphQL layer or its handlers",
    from: /^local\//,
    forbidden: /^(src\/graphql|handlers)(\/|$)/,
  },
  {
    name: "src/auth, src/aws, src/chime, src/credentials, src/bootstrap, src/metrics, src/push and src/moderation know nothing of GraphQL",
    from: /^src\/(auth|aws|chime|credentials|bootstrap|metrics|push|moderation)\//,
    forbidden: /^src\/graphql(\/|$)/,
  },
  {
    name: "the emulator's domains (Chime, STS, IAM, account, the guard, SigV4, store, TLS, the models, faults) know nothing of HTTP or the launcher",
    from: /^local\/(chime|sts|iam|account|guard|sigv4|store|tls|smithy|models|faults)\//,
    forbidden: /^local\/(endpoint|websocket|stack)(\/|$)/,
  },
  {
    name: "the endpoint and the WebSocket sit below the launcher (local/stack)",
    from: /^local\/(endpoint|websocket)\//,
    forbidden: /^local\/stack(\/|$)/,
  },
  {
    name: "production code never imports test code",
    from: /^(src|handlers|local|policies|deploy)\//,
    forbidden: /^test(\/|$)/,
  },
  {
    name: "the web client talks to the product only as any client would",
    from: /^web\//,
    forbidden: /^(src|local|handlers|policies)(\/|$)/,
  },
];

/** Tests may start servers and use helpers from any layer; the rules are about what ships. */
const isTest = (file: string) => /\.test\.tsx?$/.test(file) || file.startsWith("test/");

describe("import directions", () => {
  const violations: string[] = [];
  const files = sourceFiles().filter((file) => !isTest(file));

  beforeAll(() => {
    for (const file of files) {
      const text = readFileSync(join(root, file), "utf8");
      for (const match of text.matchAll(IMPORT)) {
        const target = resolveImport(file, match[1]);
        if (target === undefined) continue;
        for (const rule of rules) {
          if (rule.from.test(file) && rule.forbidden.test(target)) {
            violations.push(`${file} imports ${match[1]}: ${rule.name}`);
          }
        }
      }
    }
  });

  it("finds the sources it checks", () => {
    // A broken file listing would make every rule pass vacuously.
    expect(files.some((file) => file.startsWith("local/chime/"))).toBe(true);
    expect(files.some((file) => file.startsWith("src/graphql/"))).toBe(true);
  });

  it("has no import against the direction of the layers", () => {
    expect(violations).toEqual([]);
  });

  it("recognises a forbidden import (the check itself can fail)", () => {
    const file = "local/chime/operations/messages/example.ts";
    const target = resolveImport(file, "../../../endpoint/server");
    const broken = rules.filter((rule) => rule.from.test(file) && rule.forbidden.test(target ?? ""));
    expect(broken.map((rule) => rule.name)).toEqual([rules[3].name]);
  });
});
