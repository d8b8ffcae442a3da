/**
 * The demo users and their passwords. Passwords are generated on the first start and kept in the
 * state folder, so they stay the same across restarts (and are printed in the banner: they open
 * nothing outside this machine).
 */
import { randomInt } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";

export interface DemoUser {
  username: string;
  /** In the admin group: lists private channels and deletes messages (as the backend user). */
  admin: boolean;
}

export const ADMIN_GROUP = "admins";

// alice is the admin, so the admin-only parts of the API can be tried without setting anything up.
export const DEMO_USERS: readonly DemoUser[] = [
  { username: "alice@example.com", admin: true },
  { username: "bob@example.com", admin: false },
  { username: "carol@example.com", admin: false },
];

// No look-alike characters, and nothing a shell treats specially, so a password can be pasted anywhere.
const LOWER = "abcdefghjkmnpqrstuvwxyz";
const UPPER = "ABCDEFGHJKMNPQRSTUVWXYZ";
const DIGITS = "23456789";

function pick(alphabet: string, count: number): string {
  let text = "";
  for (let i = 0; i < count; i++) text += alphabet[randomInt(alphabet.length)];
  return text;
}

/** Meets Cognito's default policy: 8+ characters with upper and lower case, a digit and a symbol. */
export function generatePassword(): string {
  return `${pick(UPPER, 1)}${pick(LOWER, 5)}-${pick(LOWER + DIGITS, 6)}-${pick(DIGITS, 2)}`;
}

/** The passwords by username: read from `file`, with any missing one generated and saved. */
export function loadDemoPasswords(file: string, users: readonly DemoUser[] = DEMO_USERS): Record<string, string> {
  let stored: Record<string, string> = {};
  if (existsSync(file)) {
    try {
      stored = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
    } catch (error) {
      throw new Error(`${file} is not valid JSON (${(error as Error).message}); delete it to make new passwords.`);
    }
  }
  const passwords: Record<string, string> = {};
  let changed = false;
  for (const { username } of users) {
    const password = stored[username];
    if (typeof password === "string" && password !== "") passwords[username] = password;
    else {
      passwords[username] = generatePassword();
      changed = true;
    }
  }
  if (changed) writeFileSync(file, `${JSON.stringify({ ...stored, ...passwords }, null, 2)}\n`, { mode: 0o600 });
  return passwords;
}
