/**
 * The pure units of src/credentials: the RoleSessionName derivation, the refreshing cache, the vendor
 * over a fake STS (concurrency, refresh, failures) and the STS error mapping. The same behaviour over
 * HTTP, with the real STS of the local endpoint, is in credentials.test.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inspect } from "node:util";
import { AssumeRoleCommand, STSServiceException, type AssumeRoleCommandOutput } from "@aws-sdk/client-sts";
import { bareHost } from "../../src/chime/messagingSessionEndpoint";
import { RefreshingCache, type Clock } from "../../src/credentials/cache";
import { CredentialsError, toCredentialsError } from "../../src/credentials/errors";
import { roleSessionName } from "../../src/credentials/sessionName";
import { CredentialVendor, REFRESH_BEFORE_EXPIRY_MS, type AssumeRoleSender } from "../../src/credentials/vendor";

const STS_SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const CONFIG = {
  userRoleArn: "arn:aws:iam::111122223333:role/chime-chat-api-user",
  sessionTagKey: "my_applications_user_id",
  durationSeconds: 3600,
  reservedUserIds: ["backend_worker", "ops_bot"],
};

describe("roleSessionName", () => {
  test("a Cognito sub (a UUID) is named as it is", () => {
    const sub = "0f1e2d3c-aaaa-4bbb-8ccc-123456789012";
    expect(roleSessionName(sub)).toBe(`user-${sub}`);
  });

  test.each([
    ["a long id", "a".repeat(200)],
    ["an id one character too long for the direct form", "b".repeat(60)],
    ["colons (allowed in user ids, not in session names)", "us-east-1:0f1e2d3c-aaaa-4bbb-8ccc-123456789012"],
    ["spaces, slashes and wildcards", "a b/c*d?e${x}"],
    ["letters outside ASCII", "Zoë-日本-😀"],
    ["a single character", "x"],
  ])("%s: a valid, deterministic name", (_, userId) => {
    const name = roleSessionName(userId);
    expect(name).toMatch(STS_SESSION_NAME);
    expect(roleSessionName(userId)).toBe(name);
  });

  test("the longest id that fits as it is, and the first that does not", () => {
    expect(roleSessionName("c".repeat(59))).toBe(`user-${"c".repeat(59)}`);
    const hashed = roleSessionName("c".repeat(60));
    expect(hashed).toHaveLength(64);
    expect(hashed).toMatch(/^userh-c+-[0-9a-f]{16}$/);
  });

  test("ids that read alike after cleaning or cutting still get different names", () => {
    const long = "d".repeat(100);
    const names = [
      roleSessionName("a:b"),
      roleSessionName("a/b"),
      roleSessionName("a_b"),
      roleSessionName(`${long}1`),
      roleSessionName(`${long}2`),
    ];
    expect(new Set(names).size).toBe(names.length);
    expect(roleSessionName("a:b")).toMatch(/^userh-a_b-[0-9a-f]{16}$/);
    expect(roleSessionName("a_b")).toBe("user-a_b");
  });

  test("a direct name cannot equal a hashed one", () => {
    // The hashed form starts with `userh-`; a direct name `user-h-...` differs at the fifth character.
    const hashed = roleSessionName("a:b");
    expect(roleSessionName(hashed.slice("user-".length))).not.toBe(hashed);
  });
});

/** A clock the test sets. */
function fixedClock(start = new Date("2026-11-23T10:00:00Z")): Clock & { set(date: Date): void } {
  let now = start;
  return { now: () => now, set: (date) => (now = date) };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

describe("RefreshingCache", () => {
  const clock = fixedClock();
  const value = (id: number, expiresInMs: number) => ({
    id,
    expiration: new Date(clock.now().getTime() + expiresInMs),
  });

  test("a value is reused until refreshBeforeMs before it expires, then reloaded", async () => {
    const cache = new RefreshingCache<{ id: number; expiration: Date }>({
      clock,
      refreshBeforeMs: 1000,
      maxEntries: 10,
    });
    const first = await cache.get("k", () => Promise.resolve(value(1, 5000)));
    const expiry = first.expiration.getTime();
    clock.set(new Date(expiry - 1001));
    expect((await cache.get("k", () => Promise.resolve(value(2, 5000)))).id).toBe(1);
    clock.set(new Date(expiry - 1000));
    expect((await cache.get("k", () => Promise.resolve(value(3, 5000)))).id).toBe(3);
  });

  test("concurrent misses share one load; a failure is not kept", async () => {
    const cache = new RefreshingCache<{ id: number; expiration: Date }>({ clock, refreshBeforeMs: 0, maxEntries: 10 });
    const pending = deferred<{ id: number; expiration: Date }>();
    let loads = 0;
    const load = () => {
      loads += 1;
      return pending.promise;
    };
    const calls = [cache.get("k", load), cache.get("k", load), cache.get("k", load)];
    pending.reject(new Error("down"));
    for (const call of calls) await expect(call).rejects.toThrow("down");
    expect(loads).toBe(1);
    expect(cache.size).toBe(0);
    expect((await cache.get("k", () => Promise.resolve(value(7, 5000)))).id).toBe(7);
  });

  test("a load that throws at once is a rejection, not a crash", async () => {
    const cache = new RefreshingCache<{ id: number; expiration: Date }>({ clock, refreshBeforeMs: 0, maxEntries: 10 });
    await expect(
      cache.get("k", () => {
        throw new Error("sync");
      }),
    ).rejects.toThrow("sync");
    expect(cache.size).toBe(0);
  });

  test("bounded: the least recently used key goes first", async () => {
    const cache = new RefreshingCache<{ id: number; expiration: Date }>({ clock, refreshBeforeMs: 0, maxEntries: 2 });
    await cache.get("a", () => Promise.resolve(value(1, 5000)));
    await cache.get("b", () => Promise.resolve(value(2, 5000)));
    await cache.get("a", () => Promise.resolve(value(99, 5000))); // a hit: a is now the most recent
    await cache.get("c", () => Promise.resolve(value(3, 5000)));
    expect(cache.size).toBe(2);
    expect((await cache.get("a", () => Promise.resolve(value(4, 5000)))).id).toBe(1);
    expect((await cache.get("b", () => Promise.resolve(value(5, 5000)))).id).toBe(5);
  });
});

/** A fake STS: records each AssumeRole input and answers with numbered sessions, or an error. */
function fakeSts(clock: Clock) {
  const inputs: AssumeRoleCommand["input"][] = [];
  let failWith: Error | undefined;
  let gate: Promise<void> | undefined;
  const sts: AssumeRoleSender = {
    async send(command) {
      inputs.push(command.input);
      if (gate) await gate;
      if (failWith !== undefined) throw failWith;
      const n = inputs.length;
      const output: AssumeRoleCommandOutput = {
        $metadata: { httpStatusCode: 200 },
        Credentials: {
          AccessKeyId: `ASIA${n}`,
          SecretAccessKey: `secret-${n}`,
          SessionToken: `token-${n}`,
          Expiration: new Date(clock.now().getTime() + (command.input.DurationSeconds ?? 3600) * 1000),
        },
      };
      return output;
    },
  };
  return {
    sts,
    inputs,
    fail: (error: Error) => (failWith = error),
    recover: () => (failWith = undefined),
    hold: (until: Promise<void>) => {
      gate = until;
    },
  };
}

describe("CredentialVendor", () => {
  test("AssumeRole on the user role, tagged with the user id, named after it", async () => {
    const clock = fixedClock();
    const fake = fakeSts(clock);
    const vendor = new CredentialVendor(
      fake.sts,
      { ...CONFIG, sessionTagKey: "app_user", durationSeconds: 900 },
      { clock },
    );
    const vended = await vendor.credentialsFor("alice-sub");
    expect(fake.inputs).toEqual([
      {
        RoleArn: CONFIG.userRoleArn,
        RoleSessionName: "user-alice-sub",
        DurationSeconds: 900,
        Tags: [{ Key: "app_user", Value: "alice-sub" }],
      },
    ]);
    expect(vended).toMatchObject({ accessKeyId: "ASIA1", secretAccessKey: "secret-1", sessionToken: "token-1" });
  });

  test("per user: reused until 5 minutes before expiry, then renewed; users never share", async () => {
    const clock = fixedClock();
    const fake = fakeSts(clock);
    const vendor = new CredentialVendor(fake.sts, CONFIG, { clock });
    const alice = await vendor.credentialsFor("alice");
    const bob = await vendor.credentialsFor("bob");
    expect(bob.accessKeyId).not.toBe(alice.accessKeyId);
    expect(await vendor.credentialsFor("alice")).toBe(alice);
    clock.set(new Date(alice.expiration.getTime() - REFRESH_BEFORE_EXPIRY_MS - 1));
    expect(await vendor.credentialsFor("alice")).toBe(alice);
    expect(fake.inputs).toHaveLength(2);
    clock.set(new Date(alice.expiration.getTime() - REFRESH_BEFORE_EXPIRY_MS));
    const renewed = await vendor.credentialsFor("alice");
    expect(renewed.accessKeyId).not.toBe(alice.accessKeyId);
    expect(fake.inputs).toHaveLength(3);
    expect(fake.inputs[2].Tags).toEqual([{ Key: CONFIG.sessionTagKey, Value: "alice" }]);
  });

  test("concurrent first calls of one user share one AssumeRole", async () => {
    const clock = fixedClock();
    const fake = fakeSts(clock);
    const release = deferred<void>();
    fake.hold(release.promise);
    const vendor = new CredentialVendor(fake.sts, CONFIG, { clock });
    const calls = Array.from({ length: 5 }, () => vendor.credentialsFor("carol"));
    release.resolve();
    const results = await Promise.all(calls);
    expect(fake.inputs).toHaveLength(1);
    expect(new Set(results.map((r) => r.accessKeyId)).size).toBe(1);
  });

  test("a failure is not cached, is told to the observer, and carries no STS text", async () => {
    const clock = fixedClock();
    const fake = fakeSts(clock);
    const events: { error?: CredentialsError }[] = [];
    const vendor = new CredentialVendor(fake.sts, CONFIG, { clock, observe: (event) => events.push(event) });
    fake.fail(
      new STSServiceException({
        name: "AccessDenied",
        $fault: "client",
        message: "User: arn:aws:sts::1:assumed-role/server/x is not authorized to perform: sts:TagSession",
        $metadata: { httpStatusCode: 403, requestId: "req-1" },
      }),
    );
    const failed = vendor.credentialsFor("dave");
    await expect(failed).rejects.toBeInstanceOf(CredentialsError);
    const error = (await failed.catch((e: unknown) => e)) as CredentialsError;
    expect(error).toMatchObject({
      code: "INTERNAL_SERVER_ERROR",
      awsErrorName: "AccessDenied",
      httpStatus: 403,
      awsRequestId: "req-1",
    });
    expect(error.operatorHint).toMatch(/sts:TagSession/);
    expect(error.message).not.toMatch(/not authorized|assumed-role/);
    expect(events.at(-1)?.error).toBe(error);
    fake.recover();
    expect((await vendor.credentialsFor("dave")).accessKeyId).toBe("ASIA2");
    expect(fake.inputs).toHaveLength(2);
  });

  test("an answer without credentials is an error, not an empty session", async () => {
    const sts: AssumeRoleSender = { send: () => Promise.resolve({ $metadata: {}, Credentials: undefined }) };
    await expect(new CredentialVendor(sts, CONFIG).credentialsFor("erin")).rejects.toMatchObject({
      code: "INTERNAL_SERVER_ERROR",
      awsErrorName: "IncompleteCredentials",
    });
  });

  test("a user id that cannot be a tag value never reaches STS", async () => {
    const fake = fakeSts(fixedClock());
    const vendor = new CredentialVendor(fake.sts, CONFIG);
    for (const id of ["", "a*", "a?b", "${aws:username}", "x".repeat(257)]) {
      await expect(vendor.credentialsFor(id)).rejects.toMatchObject({ awsErrorName: "InvalidUserId" });
    }
    expect(fake.inputs).toHaveLength(0);
  });

  test("a reserved id (the backend user's) is never tagged: FORBIDDEN before STS, whoever asks", async () => {
    const fake = fakeSts(fixedClock());
    const vendor = new CredentialVendor(fake.sts, CONFIG);
    for (const id of CONFIG.reservedUserIds) {
      await expect(vendor.credentialsFor(id)).rejects.toMatchObject({
        code: "FORBIDDEN",
        awsErrorName: "ReservedUserId",
      });
    }
    expect(fake.inputs).toHaveLength(0);
  });

  test("the secret and the token stay out of JSON and inspection", async () => {
    const vended = await new CredentialVendor(fakeSts(fixedClock()).sts, CONFIG).credentialsFor("frank");
    for (const text of [
      JSON.stringify(vended),
      JSON.stringify({ nested: [vended] }),
      inspect(vended),
      `${inspect({ vended })}`,
    ]) {
      expect(text).toContain("ASIA1");
      expect(text).not.toContain("secret-1");
      expect(text).not.toContain("token-1");
    }
  });
});

describe("STS errors -> API codes", () => {
  const sdkError = (name: string, status?: number) =>
    new STSServiceException({
      name,
      $fault: status !== undefined && status >= 500 ? "server" : "client",
      message: `STS says something about ${name}`,
      $metadata: status === undefined ? {} : { httpStatusCode: status },
    });

  /** AssumeRole's errors in the official STS model (local/models): the SDK's error name and its HTTP status. */
  const modelled: Record<string, number> = (() => {
    const model = JSON.parse(
      readFileSync(join(__dirname, "..", "..", "local", "models", "sts-2011-06-15.json"), "utf8"),
    ) as { shapes: Record<string, { errors?: { target: string }[]; traits?: Record<string, unknown> }> };
    const errors = model.shapes["com.amazonaws.sts#AssumeRole"].errors ?? [];
    return Object.fromEntries(
      errors.map(({ target }) => [
        target.split("#")[1],
        model.shapes[target].traits?.["smithy.api#httpError"] as number,
      ]),
    );
  })();

  // What each code tells a client is docs/frontend.md's ("Errors and their codes"): THROTTLED, back off and retry;
  // UPSTREAM_UNAVAILABLE, STS unreachable or refusing the server's own credentials (a fault of the
  // deployment's side, docs/deploy.md's StsFailuresAlarm), retry with backoff; INTERNAL_SERVER_ERROR, a
  // misconfiguration the operator must fix. The error names and statuses are AWS's, as named per row.
  const byModel: [name: string, code: string][] = [
    // The caller is the server (a role session): its own token expired.
    ["ExpiredTokenException", "UPSTREAM_UNAVAILABLE"],
    // The API passes no session policy: only a deployment fault (the tag) can make these.
    ["MalformedPolicyDocumentException", "INTERNAL_SERVER_ERROR"],
    ["PackedPolicyTooLargeException", "INTERNAL_SERVER_ERROR"],
    // STS not activated in the region: the operator's to fix.
    ["RegionDisabledException", "INTERNAL_SERVER_ERROR"],
  ];

  test("every error the STS model gives AssumeRole has its row", () => {
    expect(byModel.map(([name]) => name).sort()).toEqual(Object.keys(modelled).sort());
  });

  test.each<[name: string, status: number | undefined, code: string]>([
    ...byModel.map(([name, code]): [string, number, string] => [name, modelled[name], code]),
    // AWS STS API Reference, "Common Errors": throttled (STS's awsQuery code is Throttling; the EC2-style
    // RequestLimitExceeded is the SDK's too), 400; ServiceUnavailable, 503; InternalFailure, 500;
    // InvalidClientTokenId, 403; ValidationError, 400.
    ["Throttling", 400, "THROTTLED"],
    ["RequestLimitExceeded", 400, "THROTTLED"],
    ["ServiceUnavailable", 503, "UPSTREAM_UNAVAILABLE"],
    ["InternalFailure", 500, "UPSTREAM_UNAVAILABLE"],
    ["InvalidClientTokenId", 403, "UPSTREAM_UNAVAILABLE"],
    ["ValidationError", 400, "INTERNAL_SERVER_ERROR"],
    // IAM User Guide, "Troubleshooting IAM roles": AssumeRole refused by the role's trust or the
    // caller's policy is AccessDenied (403). AWS General Reference, "Troubleshoot Signature Version 4":
    // SignatureDoesNotMatch (403).
    ["AccessDenied", 403, "INTERNAL_SERVER_ERROR"],
    ["SignatureDoesNotMatch", 403, "UPSTREAM_UNAVAILABLE"],
    // Names no table knows, by status (HTTP's own meanings); and no answer at all.
    ["SomethingNew", 429, "THROTTLED"],
    ["SomethingNew", 502, "UPSTREAM_UNAVAILABLE"],
    ["SomethingNew", 400, "INTERNAL_SERVER_ERROR"],
    ["ECONNREFUSED", undefined, "UPSTREAM_UNAVAILABLE"],
    ["TimeoutError", undefined, "UPSTREAM_UNAVAILABLE"],
    // A fault in code (ours or the SDK's) has no status either, but is not STS's.
    ["TypeError", undefined, "INTERNAL_SERVER_ERROR"],
  ])("%s (HTTP %s) is %s, without STS's message", (name, status, code) => {
    const error = toCredentialsError("AssumeRole", sdkError(name, status));
    expect(error.code).toBe(code);
    expect(error.awsErrorName).toBe(name);
    expect(error.message).not.toContain("STS says");
  });

  test("configuration faults carry a hint for the operator", () => {
    expect(toCredentialsError("AssumeRole", sdkError("ValidationError", 400)).operatorHint).toMatch(
      /CREDENTIALS_DURATION_SECONDS/,
    );
    expect(toCredentialsError("AssumeRole", sdkError("Throttling", 400)).operatorHint).toBeUndefined();
    // Not a refusal by STS: no hint that would send the operator to the role.
    expect(toCredentialsError("AssumeRole", sdkError("TypeError")).operatorHint).toBeUndefined();
  });

  test("something that is not an SDK error at all", () => {
    expect(toCredentialsError("AssumeRole", "boom")).toMatchObject({
      code: "UPSTREAM_UNAVAILABLE",
      awsErrorName: "Error",
    });
  });
});

test.each([
  ["abc.ccp.us-east-1.amazonaws.com", "abc.ccp.us-east-1.amazonaws.com"],
  ["127.0.0.1:4566", "127.0.0.1:4566"],
  ["wss://abc.ccp.us-east-1.amazonaws.com/connect", "abc.ccp.us-east-1.amazonaws.com"],
  ["https://127.0.0.1:4566/", "127.0.0.1:4566"],
  ["[::1]:4566", "[::1]:4566"],
])("the messaging-session endpoint %s is given to clients as %s", (url, host) => {
  expect(bareHost(url)).toBe(host);
});
