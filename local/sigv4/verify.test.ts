/**
 * verifySigV4 against real signers: @smithy/signature-v4 (what SDK v3 uses, as an oracle), the SDK
 * clients themselves over HTTP, botocore (captured), amazon-chime-sdk-js's URL signer (rebuilt), and
 * every way a request can be wrong.
 */
import { createHash, createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { ChimeSDKIdentityClient, DescribeAppInstanceUserCommand } from "@aws-sdk/client-chime-sdk-identity";
import {
  ChimeSDKMessagingClient,
  ListChannelMessagesCommand,
  SendChannelMessageCommand,
} from "@aws-sdk/client-chime-sdk-messaging";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { extendedEncodeURIComponent, HttpRequest } from "@smithy/core/protocols";
import { SignatureV4 } from "@smithy/signature-v4";
import {
  botocoreCredentials,
  botocorePresignedHost,
  botocorePresignedTarget,
  botocoreRequests,
} from "./testdata/botocore";
import { Sha256 } from "@smithy/core/checksum";
import { chimeSdkJsConnectUrl, fromSmithy, fromUrl, incoming, sigV4ErrorOf } from "./testdata/helpers";
import {
  SigV4Error,
  verifySigV4,
  type IncomingSignedRequest,
  type SigV4FailureKind,
  type StoredCredential,
  type VerifyOptions,
} from "./verify";

const region = "us-east-1";
const temporary = {
  accessKeyId: "ASIAEXAMPLETEMPORARY",
  secretAccessKey: "temporary/Secret+Key/EXAMPLE0000000000000",
  sessionToken: "IQoJb3JpZ2luX2VjEXAMPLE//////////token+with/odd=chars==",
};
const longTerm = { accessKeyId: "AKIAEXAMPLELONGTERM1", secretAccessKey: "long/Term+Secret/EXAMPLE000000000000000" };

const keys = new Map<string, StoredCredential>([
  [temporary.accessKeyId, { secretAccessKey: temporary.secretAccessKey, sessionToken: temporary.sessionToken }],
  [longTerm.accessKeyId, { secretAccessKey: longTerm.secretAccessKey }],
]);

const signingDate = new Date("2026-08-23T10:00:00Z");
const appInstance = "arn:aws:chime:us-east-1:123456789012:app-instance/0b3a6c1e-2f4d-4a5b-9c8d-7e6f5a4b3c2d";
const channelArn = `${appInstance}/channel/c1f0e2d3`;
const bearer = `${appInstance}/user/alice`;

function options(overrides: Partial<VerifyOptions> = {}): VerifyOptions {
  return {
    lookup: (accessKeyId) => keys.get(accessKeyId),
    now: new Date(signingDate.getTime() + 30_000),
    services: ["chime"],
    ...overrides,
  };
}

function kindOf(request: IncomingSignedRequest, opts: VerifyOptions = options()): SigV4FailureKind | "ok" {
  try {
    verifySigV4(request, opts);
    return "ok";
  } catch (error) {
    if (error instanceof SigV4Error) return error.kind;
    throw error;
  }
}

/** Replaces (or, with undefined, removes) a header in both views of the request. */
function withHeader(request: IncomingSignedRequest, name: string, value: string | undefined): IncomingSignedRequest {
  const rawHeaders: string[] = [];
  const raw = request.rawHeaders ?? [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (raw[i].toLowerCase() !== name) rawHeaders.push(raw[i], raw[i + 1]);
  }
  const headers = { ...request.headers };
  delete headers[name];
  if (value !== undefined) {
    rawHeaders.push(name, value);
    headers[name] = value;
  }
  return { ...request, headers, rawHeaders };
}

function header(request: IncomingSignedRequest, name: string): string {
  const value = request.headers[name];
  if (typeof value !== "string") throw new Error(`no ${name}`);
  return value;
}

/** Signs like SDK v3 does: every header signable, x-amz-content-sha256 added, token header added. */
async function signSdk(
  input: {
    method: string;
    path: string;
    query?: Record<string, string>;
    headers?: Record<string, string>;
    body?: string;
  },
  more: {
    credentials?: typeof temporary | typeof longTerm;
    service?: string;
    applyChecksum?: boolean;
    date?: Date;
  } = {},
): Promise<IncomingSignedRequest> {
  const signer = new SignatureV4({
    service: more.service ?? "chime",
    region,
    credentials: more.credentials ?? temporary,
    sha256: Sha256,
    applyChecksum: more.applyChecksum,
  });
  const request = new HttpRequest({
    method: input.method,
    protocol: "http:",
    hostname: "127.0.0.1",
    port: 4566,
    path: input.path,
    query: input.query ?? {},
    headers: {
      host: "127.0.0.1:4566",
      "user-agent": "aws-sdk-js/3.1142.0 ua/2.1 os/linux lang/js md/nodejs#20.20.2",
      "x-amz-user-agent": "aws-sdk-js/3.1142.0",
      "amz-sdk-invocation-id": "5d3f1a2b-8c7e-4f6a-9b0d-1e2f3a4b5c6d",
      "amz-sdk-request": "attempt=1; max=3",
      ...(input.body !== undefined
        ? { "content-type": "application/json", "content-length": String(Buffer.byteLength(input.body)) }
        : {}),
      ...input.headers,
    },
    body: input.body,
  });
  return fromSmithy(await signer.sign(request, { signingDate: more.date ?? signingDate }));
}

const channelPath = `/channels/${extendedEncodeURIComponent(channelArn)}/messages`;

function listMessages() {
  return signSdk({
    method: "GET",
    path: channelPath,
    query: { "max-results": "50", "next-token": "page 2+more/=", "sort-order": "DESCENDING" },
    headers: { "x-amz-chime-bearer": bearer },
  });
}

function sendMessage() {
  return signSdk({
    method: "POST",
    path: channelPath,
    headers: { "x-amz-chime-bearer": bearer },
    body: JSON.stringify({ Content: "héllo ✓ (ok) *!'", Type: "STANDARD", Persistence: "PERSISTENT" }),
  });
}

describe("requests signed by @smithy/signature-v4 the way SDK v3 signs", () => {
  it("verify, with the encoded ARN path, the query, the body and the session token", async () => {
    const get = await listMessages();
    const post = await sendMessage();
    expect(get.rawPath).toContain("arn%3Aaws%3Achime%3Aus-east-1");
    for (const request of [get, post]) {
      const signedHeaders = /SignedHeaders=([^,]+)/.exec(header(request, "authorization"))?.[1].split(";");
      expect(signedHeaders).toEqual(expect.arrayContaining(["host", "x-amz-content-sha256", "x-amz-security-token"]));
      expect(verifySigV4(request, options())).toEqual({
        accessKeyId: temporary.accessKeyId,
        region,
        service: "chime",
        form: "header",
      });
    }
  });

  it("verify with a long-term key, another accepted service, and when Node joins nothing", async () => {
    const request = await signSdk(
      { method: "POST", path: "/", body: "Action=GetCallerIdentity&Version=2011-06-15" },
      {
        credentials: longTerm,
        service: "sts",
      },
    );
    expect(verifySigV4(request, options({ services: ["chime", "sts"] })).service).toBe("sts");
    expect(verifySigV4({ ...request, rawHeaders: undefined }, options({ services: ["sts"] })).form).toBe("header");
  });

  it("verify whatever happens to headers that were not signed", async () => {
    const request = await sendMessage();
    expect(kindOf(withHeader(request, "user-agent", "curl/8"))).toBe("ok");
    expect(kindOf(withHeader(request, "x-forwarded-for", "10.0.0.1"))).toBe("ok");
  });

  const tampers: [
    string,
    (get: IncomingSignedRequest, post: IncomingSignedRequest) => IncomingSignedRequest,
    SigV4FailureKind,
  ][] = [
    [
      "body (hash header left as signed)",
      (_g, post) => ({ ...post, body: Buffer.from('{"Content":"evil"}') }),
      "SignatureMismatch",
    ],
    [
      "body and its x-amz-content-sha256",
      (_g, post) => {
        const body = Buffer.from('{"Content":"evil"}');
        return { ...withHeader(post, "x-amz-content-sha256", createHash("sha256").update(body).digest("hex")), body };
      },
      "SignatureMismatch",
    ],
    [
      "path: another channel",
      (_g, post) => ({ ...post, rawPath: post.rawPath.replace("c1f0e2d3", "c1f0e2d4") }),
      "SignatureMismatch",
    ],
    [
      "path: decoded by a framework",
      (_g, post) => ({ ...post, rawPath: decodeURIComponent(post.rawPath) }),
      "SignatureMismatch",
    ],
    [
      "query: a value",
      (get) => ({ ...get, rawQuery: get.rawQuery.replace("max-results=50", "max-results=51") }),
      "SignatureMismatch",
    ],
    ["query: a parameter added", (get) => ({ ...get, rawQuery: `${get.rawQuery}&extra=1` }), "SignatureMismatch"],
    [
      "query: a parameter removed",
      (get) => ({ ...get, rawQuery: get.rawQuery.replace(/&?sort-order=DESCENDING/, "") }),
      "SignatureMismatch",
    ],
    ["query: %20 sent as +", (get) => ({ ...get, rawQuery: get.rawQuery.replace("%20", "+") }), "SignatureMismatch"],
    [
      "signed header: x-amz-chime-bearer",
      (_g, post) => withHeader(post, "x-amz-chime-bearer", `${appInstance}/user/mallory`),
      "SignatureMismatch",
    ],
    ["signed header: content-type", (_g, post) => withHeader(post, "content-type", "text/plain"), "SignatureMismatch"],
    ["signed header: removed", (_g, post) => withHeader(post, "amz-sdk-invocation-id", undefined), "SignatureMismatch"],
    ["host", (_g, post) => withHeader(post, "host", "127.0.0.1:4567"), "SignatureMismatch"],
    ["method", (_g, post) => ({ ...post, method: "PUT" }), "SignatureMismatch"],
    [
      "x-amz-date, one second later",
      (_g, post) => withHeader(post, "x-amz-date", header(post, "x-amz-date").replace(/00Z$/, "01Z")),
      "SignatureMismatch",
    ],
    [
      "signature",
      (_g, post) =>
        withHeader(
          post,
          "authorization",
          header(post, "authorization").replace(/.$/, (c) => (c === "0" ? "1" : "0")),
        ),
      "SignatureMismatch",
    ],
    [
      "session token changed",
      (_g, post) => withHeader(post, "x-amz-security-token", `${temporary.sessionToken}x`),
      "InvalidToken",
    ],
    ["session token removed", (_g, post) => withHeader(post, "x-amz-security-token", undefined), "InvalidToken"],
    [
      "access key",
      (_g, post) =>
        withHeader(post, "authorization", header(post, "authorization").replace("ASIAEXAMPLE", "ASIAEXAMPLF")),
      "UnknownAccessKey",
    ],
  ];

  it.each(tampers)("fail after tampering with the %s", async (_name, tamper, expected) => {
    const [get, post] = [await listMessages(), await sendMessage()];
    expect(kindOf(tamper(get, post))).toBe(expected);
  });

  it("fail with a wrong secret, and tell the operator what was expected", async () => {
    const request = await sendMessage();
    const error = sigV4ErrorOf(() =>
      verifySigV4(
        request,
        options({ lookup: () => ({ secretAccessKey: "wrong", sessionToken: temporary.sessionToken }) }),
      ),
    );
    expect(error.kind).toBe("SignatureMismatch");
    expect(error.message).toMatch(/^The request signature we calculated does not match/);
    expect(error.detail?.canonicalRequest).toContain("/channels/arn%253Aaws%253Achime%253Aus-east-1");
    expect(error.detail?.stringToSign).toMatch(
      /^AWS4-HMAC-SHA256\n20260823T100000Z\n20260823\/us-east-1\/chime\/aws4_request\n/,
    );
  });

  it("fail when the date is more than 5 minutes away, either side", async () => {
    const request = await sendMessage();
    const at = (ms: number) => options({ now: new Date(signingDate.getTime() + ms) });
    expect(kindOf(request, at(6 * 60_000))).toBe("SignatureExpired");
    expect(kindOf(request, at(-6 * 60_000))).toBe("SignatureExpired");
    expect(kindOf(request, at(5 * 60_000))).toBe("ok");
    expect(kindOf(request, at(-5 * 60_000))).toBe("ok");
    expect(kindOf(request, at(5 * 60_000 + 1000))).toBe("SignatureExpired");
    expect(kindOf(request, { ...at(2000), maxSkewMs: 1000 })).toBe("SignatureExpired");
    expect(sigV4ErrorOf(() => verifySigV4(request, at(6 * 60_000))).message).toBe(
      "Signature expired: 20260823T100000Z is now earlier than 20260823T100100Z (20260823T100600Z - 5 min.)",
    );
    expect(sigV4ErrorOf(() => verifySigV4(request, at(-6 * 60_000))).message).toBe(
      "Signature not yet current: 20260823T100000Z is still later than 20260823T095900Z (20260823T095400Z + 5 min.)",
    );
  });

  it("fail when a request signed 6 minutes ago is replayed, or one is dated in the future", async () => {
    const old = await signSdk({ method: "GET", path: "/channels" }, { date: new Date(Date.now() - 6 * 60_000) });
    const future = await signSdk({ method: "GET", path: "/channels" }, { date: new Date(Date.now() + 6 * 60_000) });
    const now = options({ now: new Date() });
    expect(kindOf(old, now)).toBe("SignatureExpired");
    expect(kindOf(future, now)).toBe("SignatureExpired");
  });

  it("fail when the temporary credentials expired, before looking at the signature", async () => {
    const request = withHeader(await sendMessage(), "x-amz-chime-bearer", "tampered");
    const now = options().now;
    const expiring = (expiresAt: Date) =>
      options({ lookup: () => ({ ...keys.get(temporary.accessKeyId)!, expiresAt }) });
    expect(kindOf(request, expiring(now))).toBe("ExpiredToken");
    expect(sigV4ErrorOf(() => verifySigV4(request, expiring(now))).message).toBe(
      "The security token included in the request is expired",
    );
    expect(kindOf(await sendMessage(), expiring(new Date(now.getTime() + 1000)))).toBe("ok");
  });

  it("fail when a long-term key comes with a session token", async () => {
    const request = await signSdk({ method: "GET", path: "/channels" }, { credentials: longTerm });
    expect(kindOf(withHeader(request, "x-amz-security-token", "anything"))).toBe("InvalidToken");
  });

  it("fail when the scope names another service, region or day", async () => {
    const request = await sendMessage();
    expect(sigV4ErrorOf(() => verifySigV4(request, options({ services: ["sts"] })))).toMatchObject({
      kind: "SignatureMismatch",
      message: "Credential should be scoped to correct service: 'sts'.",
    });
    expect(kindOf(request, options({ regions: ["eu-west-1"] }))).toBe("SignatureMismatch");
    expect(kindOf(request, options({ regions: ["eu-west-1", region] }))).toBe("ok");
    const otherDay = withHeader(
      request,
      "authorization",
      header(request, "authorization").replace("/20260823/", "/20260822/"),
    );
    expect(sigV4ErrorOf(() => verifySigV4(otherDay, options()))).toMatchObject({
      kind: "SignatureMismatch",
      message: expect.stringMatching(/^Date in Credential scope does not match/) as unknown,
    });
  });

  it("reject UNSIGNED-PAYLOAD and streaming payloads", async () => {
    const request = await sendMessage();
    for (const claim of ["UNSIGNED-PAYLOAD", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"]) {
      const signed = await signSdk({
        method: "POST",
        path: channelPath,
        headers: { "x-amz-content-sha256": claim },
        body: request.body.toString(),
      });
      expect(sigV4ErrorOf(() => verifySigV4(signed, options()))).toMatchObject({
        kind: "SignatureMismatch",
        message: expect.stringContaining("not supported") as unknown,
      });
    }
  });

  it("verify a signature made without x-amz-content-sha256, as botocore signs", async () => {
    const request = await signSdk(
      { method: "POST", path: channelPath, headers: { "x-amz-chime-bearer": bearer }, body: '{"Content":"hi"}' },
      { applyChecksum: false },
    );
    expect(request.headers["x-amz-content-sha256"]).toBeUndefined();
    expect(kindOf(request)).toBe("ok");
    expect(kindOf({ ...request, body: Buffer.from('{"Content":"ho"}') })).toBe("SignatureMismatch");
  });
});

describe("malformed or missing authentication", () => {
  it("is MissingAuthentication without an Authorization header or X-Amz-Signature", async () => {
    const request = withHeader(await sendMessage(), "authorization", undefined);
    expect(sigV4ErrorOf(() => verifySigV4(request, options()))).toMatchObject({
      kind: "MissingAuthentication",
      message: "Missing Authentication Token",
    });
  });

  const auth = (fn: (authorization: string) => string) => async () => {
    const request = await sendMessage();
    return withHeader(request, "authorization", fn(header(request, "authorization")));
  };
  const incompletes: [string, () => Promise<IncomingSignedRequest>][] = [
    ["no Signature", auth((a) => a.replace(/, Signature=.*$/, ""))],
    ["no Credential", auth((a) => a.replace(/Credential=[^,]+, /, ""))],
    ["no SignedHeaders", auth((a) => a.replace(/SignedHeaders=[^,]+, /, ""))],
    ["an empty header", auth(() => "AWS4-HMAC-SHA256")],
    ["another algorithm", auth((a) => a.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512"))],
    ["SigV2", auth(() => "AWS AKIAEXAMPLE:c2lnbmF0dXJl")],
    ["a bad scope terminator", auth((a) => a.replace("/aws4_request", "/aws5_request"))],
    ["a 4-part credential", auth((a) => a.replace("/us-east-1", ""))],
    ["a signature that is not hex", auth((a) => a.replace(/Signature=.*$/, "Signature=xyz"))],
    [
      "SignedHeaders without host",
      auth((a) => a.replace("SignedHeaders=amz-sdk-invocation-id;", "SignedHeaders=").replace(";host;", ";")),
    ],
    ["upper-case SignedHeaders", auth((a) => a.replace("SignedHeaders=amz", "SignedHeaders=Amz"))],
    ["a field twice", auth((a) => `${a}, Signature=${"0".repeat(64)}`)],
    [
      "a header name twice in SignedHeaders",
      auth((a) => a.replace("SignedHeaders=", "SignedHeaders=amz-sdk-invocation-id;")),
    ],
    ["a bad X-Amz-Date", async () => withHeader(await sendMessage(), "x-amz-date", "2026-08-23T10:00:00Z")],
    ["an impossible X-Amz-Date", async () => withHeader(await sendMessage(), "x-amz-date", "20260231T100000Z")],
    ["neither X-Amz-Date nor Date", async () => withHeader(await sendMessage(), "x-amz-date", undefined)],
    [
      "both an Authorization header and X-Amz-Signature",
      async () => {
        const request = await listMessages();
        return { ...request, rawQuery: `${request.rawQuery}&X-Amz-Signature=${"0".repeat(64)}` };
      },
    ],
  ];

  it.each(incompletes)("is IncompleteSignature with %s", async (_name, build) => {
    expect(kindOf(await build())).toBe("IncompleteSignature");
  });

  it("does not read inherited properties as signed headers", async () => {
    const request = await sendMessage();
    const signedConstructor = withHeader(
      request,
      "authorization",
      header(request, "authorization").replace("SignedHeaders=", "SignedHeaders=constructor;"),
    );
    expect(
      sigV4ErrorOf(() => verifySigV4({ ...signedConstructor, rawHeaders: undefined }, options())).message,
    ).toContain("'constructor' is missing");
  });

  it("falls back to the Date header when X-Amz-Date is absent", () => {
    // A client that signs `date` instead of `x-amz-date` (smithy cannot; built by hand from the spec).
    const date = "Sun, 23 Aug 2026 10:00:00 GMT";
    const canonical = [
      "GET",
      "/",
      "",
      "date:" + date,
      "host:127.0.0.1:4566",
      "",
      "date;host",
      createHash("sha256").digest("hex"),
    ].join("\n");
    const toSign = `AWS4-HMAC-SHA256\n20260823T100000Z\n20260823/us-east-1/chime/aws4_request\n${createHash("sha256").update(canonical).digest("hex")}`;
    let key: Buffer = Buffer.from(`AWS4${longTerm.secretAccessKey}`);
    for (const part of ["20260823", region, "chime", "aws4_request"])
      key = createHmac("sha256", key).update(part).digest();
    const authorization = `AWS4-HMAC-SHA256 Credential=${longTerm.accessKeyId}/20260823/us-east-1/chime/aws4_request, SignedHeaders=date;host, Signature=${createHmac("sha256", key).update(toSign).digest("hex")}`;
    const request = incoming("GET", "/", ["Host", "127.0.0.1:4566", "Date", date, "Authorization", authorization]);
    expect(kindOf(request)).toBe("ok");
    expect(kindOf(withHeader(request, "date", "Sun, 23 Aug 2026 10:00:01 GMT"))).toBe("SignatureMismatch");
  });
});

describe("presigned query form (@smithy/signature-v4 presign)", () => {
  async function presign(expiresIn = 60, credentials: typeof temporary | typeof longTerm = temporary) {
    const signer = new SignatureV4({ service: "chime", region, credentials, sha256: Sha256 });
    const request = new HttpRequest({
      method: "GET",
      protocol: "https:",
      hostname: "node001.ue1.ws-messaging.chime.aws",
      path: "/connect",
      query: { sessionId: "1234567890", userArn: bearer },
      headers: { host: "node001.ue1.ws-messaging.chime.aws" },
    });
    return fromSmithy(await signer.presign(request, { signingDate, expiresIn }));
  }
  const at = (seconds: number) => options({ now: new Date(signingDate.getTime() + seconds * 1000) });

  it("verifies within X-Amz-Date .. +X-Amz-Expires, with the skew on both ends", async () => {
    const request = await presign(60);
    expect(request.rawQuery).toContain("X-Amz-Security-Token=");
    expect(verifySigV4(request, at(30))).toEqual({
      accessKeyId: temporary.accessKeyId,
      region,
      service: "chime",
      form: "query",
    });
    expect(kindOf(request, at(60 + 300))).toBe("ok");
    expect(kindOf(request, at(60 + 301))).toBe("SignatureExpired");
    expect(kindOf(request, at(-300))).toBe("ok");
    expect(kindOf(request, at(-301))).toBe("SignatureExpired");
    expect(kindOf(request, { ...at(62), maxSkewMs: 1000 })).toBe("SignatureExpired");
    expect(kindOf(await presign(60, longTerm), at(30))).toBe("ok");
  });

  it("fails when the URL is tampered with", async () => {
    const request = await presign(60);
    const replace = (from: string | RegExp, to: string) => ({
      ...request,
      rawQuery: request.rawQuery.replace(from, to),
    });
    expect(kindOf(replace("X-Amz-Expires=60", "X-Amz-Expires=600"), at(30))).toBe("SignatureMismatch");
    expect(kindOf(replace("sessionId=1234567890", "sessionId=1234567891"), at(30))).toBe("SignatureMismatch");
    expect(kindOf(replace("%2Fuser%2Falice", "%2Fuser%2Fmallory"), at(30))).toBe("SignatureMismatch");
    expect(kindOf(replace("X-Amz-Security-Token=", "X-Amz-Security-Token=x"), at(30))).toBe("InvalidToken");
    expect(kindOf(replace(/&?X-Amz-Security-Token=[^&]*/, ""), at(30))).toBe("InvalidToken");
    expect(kindOf({ ...request, rawPath: "/connect2" }, at(30))).toBe("SignatureMismatch");
    expect(kindOf(withHeader(request, "host", "evil.example"), at(30))).toBe("SignatureMismatch");
    expect(
      kindOf(request, { ...at(30), lookup: () => ({ secretAccessKey: "x", sessionToken: temporary.sessionToken }) }),
    ).toBe("SignatureMismatch");
  });

  it("is IncompleteSignature when the query parts are wrong", async () => {
    const request = await presign(60);
    const replace = (from: string | RegExp, to: string) => ({
      ...request,
      rawQuery: request.rawQuery.replace(from, to),
    });
    expect(kindOf(replace("X-Amz-Expires=60", "X-Amz-Expires=604801"), at(30))).toBe("IncompleteSignature");
    expect(kindOf(replace("X-Amz-Expires=60", "X-Amz-Expires=0"), at(30))).toBe("IncompleteSignature");
    expect(kindOf(replace("X-Amz-Expires=60", "X-Amz-Expires=1e3"), at(30))).toBe("IncompleteSignature");
    expect(kindOf(replace(/&?X-Amz-Expires=60/, ""), at(30))).toBe("IncompleteSignature");
    expect(kindOf(replace("X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Algorithm=AWS4-ECDSA-P256-SHA256"), at(30))).toBe(
      "IncompleteSignature",
    );
    expect(kindOf(replace(/X-Amz-Date=(\w+)/, "X-Amz-Date=$1&X-Amz-Date=$1"), at(30))).toBe("IncompleteSignature");
    expect(kindOf(replace(/&?X-Amz-Signature=\w+/, ""), at(30))).toBe("IncompleteSignature");
    expect(kindOf(replace("aws4_request", "aws4_reqest"), at(30))).toBe("IncompleteSignature");
    expect(kindOf(await presign(604800), at(604800))).toBe("ok");
  });
});

describe("amazon-chime-sdk-js messaging session URLs", () => {
  const host = "node001.ue1.ws-messaging.chime.aws";
  const url = (overrides: Partial<Parameters<typeof chimeSdkJsConnectUrl>[0]> = {}) =>
    chimeSdkJsConnectUrl({
      host,
      region,
      credentials: temporary,
      date: signingDate,
      params: { sessionId: "3847562910", userArn: bearer },
      ...overrides,
    });
  const at = (seconds: number) => options({ now: new Date(signingDate.getTime() + seconds * 1000) });

  it("verify: host signed, service chime, X-Amz-Expires=10, empty payload", () => {
    const signed = url();
    expect(signed).toMatch(/X-Amz-Expires=10&/);
    expect(signed).toMatch(/X-Amz-SignedHeaders=host&/);
    expect(verifySigV4(fromUrl(signed), at(1))).toEqual({
      accessKeyId: temporary.accessKeyId,
      region,
      service: "chime",
      form: "query",
    });
    expect(kindOf(fromUrl(url({ credentials: longTerm })), at(1))).toBe("ok");
  });

  it("expire 10 s (+ skew) after X-Amz-Date", () => {
    const request = fromUrl(url());
    expect(kindOf(request, at(10 + 299))).toBe("ok");
    expect(kindOf(request, at(10 + 301))).toBe("SignatureExpired");
    expect(kindOf(request, { ...at(11), maxSkewMs: 0 })).toBe("SignatureExpired");
  });

  it("verify although encodeURIComponent leaves !'()* unescaped", () => {
    const quirky = url({ userAgent: "Mozilla/5.0 (X11; Linux) it's *fine*!" });
    expect(quirky).toContain("(X11%3B%20Linux)%20it's%20*fine*!");
    expect(kindOf(fromUrl(quirky), at(1))).toBe("ok");
    // The same parameters re-encoded strictly (as a proxy might) still verify.
    const strict = quirky.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
    expect(kindOf(fromUrl(strict), at(1))).toBe("ok");
    // ... but no other change does.
    expect(kindOf(fromUrl(quirky.replace("it's", "its")), at(1))).toBe("SignatureMismatch");
  });

  it("fail when tampered with", () => {
    const signed = url();
    expect(kindOf(fromUrl(signed.replace("%2Fuser%2Falice", "%2Fuser%2Fmallory")), at(1))).toBe("SignatureMismatch");
    expect(kindOf(fromUrl(signed.replace("sessionId=3847562910", "sessionId=1")), at(1))).toBe("SignatureMismatch");
    expect(kindOf(fromUrl(signed.replace(`wss://${host}`, "wss://other.example")), at(1))).toBe("SignatureMismatch");
    expect(kindOf(fromUrl(signed.replace(/X-Amz-Security-Token=[^&]*&/, "")), at(1))).toBe("InvalidToken");
    expect(kindOf(fromUrl(signed), { ...at(1), services: ["sts"] })).toBe("SignatureMismatch");
  });
});

describe("botocore (AWS CLI) requests", () => {
  const lookup = (accessKeyId: string): StoredCredential | undefined =>
    [botocoreCredentials.temporary, botocoreCredentials.longTerm].find((c) => c.accessKeyId === accessKeyId);
  const botocoreOptions = (request: IncomingSignedRequest, seconds = 2): VerifyOptions => {
    const amzDate = header(request, "x-amz-date");
    const signed = Date.parse(amzDate.replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, "$1-$2-$3T$4:$5:$6Z"));
    return { lookup, now: new Date(signed + seconds * 1000), services: ["chime", "sts"] };
  };

  it.each(botocoreRequests.map((r) => [r.label, r] as const))("%s verifies", (_label, captured) => {
    const request = incoming(captured.method, captured.target, captured.rawHeaders, captured.body);
    expect(request.headers["x-amz-content-sha256"]).toBeUndefined();
    expect(kindOf(request, botocoreOptions(request))).toBe("ok");
    expect(kindOf({ ...request, rawHeaders: undefined }, botocoreOptions(request))).toBe("ok");
    expect(kindOf({ ...request, body: Buffer.from(`${captured.body} `) }, botocoreOptions(request))).toBe(
      "SignatureMismatch",
    );
    expect(kindOf(request, botocoreOptions(request, 6 * 60))).toBe("SignatureExpired");
  });

  it("verifies the query in wire order and a body with an encoded policy", () => {
    const list = botocoreRequests[0];
    expect(list.target).toContain("?sort-order=DESCENDING&not-before=");
    const assumeRole = botocoreRequests[3];
    expect(assumeRole.body).toContain("Policy=%7B%22Version");
    const request = incoming(assumeRole.method, assumeRole.target, assumeRole.rawHeaders, assumeRole.body);
    expect(verifySigV4(request, botocoreOptions(request))).toEqual({
      accessKeyId: botocoreCredentials.longTerm.accessKeyId,
      region: "us-east-1",
      service: "sts",
      form: "header",
    });
  });

  it("verifies a presigned GetCallerIdentity URL until it expires", () => {
    const request = incoming("GET", botocorePresignedTarget, ["Host", botocorePresignedHost]);
    const at = (seconds: number): VerifyOptions => ({
      lookup,
      now: new Date(Date.parse("2026-11-23T00:11:34Z") + seconds * 1000),
      services: ["sts"],
    });
    expect(verifySigV4(request, at(10)).form).toBe("query");
    expect(kindOf(request, at(900 + 299))).toBe("ok");
    expect(kindOf(request, at(900 + 301))).toBe("SignatureExpired");
    expect(
      kindOf({ ...request, rawQuery: request.rawQuery.replace("GetCallerIdentity", "GetSessionToken") }, at(10)),
    ).toBe("SignatureMismatch");
  });
});

describe("the official SDK clients over HTTP", () => {
  let server: Server;
  let url: string;
  const seen: { method: string; path: string; result: SigV4FailureKind | "ok"; signedHeaders: string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (chunk: Buffer) => chunks.push(chunk));
      req.on("end", () => {
        const target = req.url ?? "/";
        const question = target.indexOf("?");
        const request: IncomingSignedRequest = {
          method: req.method ?? "GET",
          rawPath: question < 0 ? target : target.slice(0, question),
          rawQuery: question < 0 ? "" : target.slice(question + 1),
          headers: req.headers,
          rawHeaders: req.rawHeaders,
          body: Buffer.concat(chunks),
        };
        seen.push({
          method: request.method,
          path: request.rawPath,
          result: kindOf(request, options({ now: new Date(), services: ["chime", "sts"] })),
          signedHeaders: /SignedHeaders=([^,]+)/.exec(req.headers.authorization ?? "")?.[1] ?? "",
        });
        res.writeHead(400, { "content-type": "application/json", "x-amzn-errortype": "BadRequestException" });
        res.end(JSON.stringify({ Code: "BadRequest", Message: "test server" }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("sign requests that verify: Chime messaging and identity, STS", async () => {
    const config = { endpoint: url, region, credentials: temporary, maxAttempts: 1 };
    const messaging = new ChimeSDKMessagingClient(config);
    const identity = new ChimeSDKIdentityClient(config);
    const sts = new STSClient(config);
    const ignore = () => undefined;
    await messaging
      .send(
        new ListChannelMessagesCommand({
          ChannelArn: channelArn,
          ChimeBearer: bearer,
          MaxResults: 5,
          NextToken: "page 2+more/=",
          SortOrder: "DESCENDING",
        }),
      )
      .catch(ignore);
    await messaging
      .send(
        new SendChannelMessageCommand({
          ChannelArn: channelArn,
          ChimeBearer: bearer,
          Content: "héllo ✓ (ok) *!'",
          Type: "STANDARD",
          Persistence: "PERSISTENT",
          ClientRequestToken: "token-1",
        }),
      )
      .catch(ignore);
    await identity.send(new DescribeAppInstanceUserCommand({ AppInstanceUserArn: bearer })).catch(ignore);
    await sts
      .send(
        new AssumeRoleCommand({
          RoleArn: "arn:aws:iam::123456789012:role/chat-user",
          RoleSessionName: "alice@example.com",
          Policy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "chime:*", Resource: "*" }],
          }),
        }),
      )
      .catch(ignore);
    messaging.destroy();
    identity.destroy();
    sts.destroy();

    expect(seen).toHaveLength(4);
    expect(seen.map((s) => s.result)).toEqual(["ok", "ok", "ok", "ok"]);
    expect(seen[0].path).toContain("/channels/arn%3Aaws%3Achime%3A");
    for (const request of seen) expect(request.signedHeaders).toContain("x-amz-security-token");
  });
});
