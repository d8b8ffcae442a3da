import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_USERS, generatePassword, loadDemoPasswords } from "./demoUsers";

const dir = mkdtempSync(join(tmpdir(), "demo-users-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test("passwords meet Cognito's default policy and need no shell quoting", () => {
  for (let i = 0; i < 50; i++) {
    const password = generatePassword();
    expect(password.length).toBeGreaterThanOrEqual(8);
    expect(password).toMatch(/[A-Z]/);
    expect(password).toMatch(/[a-z]/);
    expect(password).toMatch(/[0-9]/);
    expect(password).toMatch(/^[A-Za-z0-9-]+$/);
  }
});

test("passwords are generated once and kept", () => {
  const file = join(dir, "demo-users.json");
  const first = loadDemoPasswords(file);
  expect(Object.keys(first)).toEqual(DEMO_USERS.map((user) => user.username));
  expect(statSync(file).mode & 0o777).toBe(0o600);
  expect(loadDemoPasswords(file)).toEqual(first);
});

test("a missing password is added without changing the others", () => {
  const file = join(dir, "partial.json");
  writeFileSync(file, JSON.stringify({ "alice@example.com": "Kept-pw-12" }));
  const passwords = loadDemoPasswords(file);
  expect(passwords["alice@example.com"]).toBe("Kept-pw-12");
  expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(passwords);
});
