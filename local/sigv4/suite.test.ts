/**
 * AWS's published SigV4 test suite (awslabs/aws-c-auth `tests/aws-signing-test-suite/v4`): every signed
 * request, header and presigned-query form, must verify; the S3-style (unnormalized) ones only where
 * normalizing does not change the path.
 */
import { canonicalUri } from "./canonical";
import { suiteCases, suiteContext, type SuiteCase } from "./testdata/awsSigningSuite";
import { parseHttpText, sigV4ErrorOf } from "./testdata/helpers";
import { verifySigV4, type VerifyOptions } from "./verify";

function options(testCase: SuiteCase, overrides: Partial<VerifyOptions> = {}): VerifyOptions {
  return {
    lookup: (accessKeyId) =>
      accessKeyId === suiteContext.accessKeyId
        ? { secretAccessKey: suiteContext.secretAccessKey, sessionToken: testCase.sessionToken }
        : undefined,
    now: new Date(suiteContext.timestamp),
    services: [suiteContext.service],
    ...overrides,
  };
}

/** The unnormalized cases whose path SigV4-for-everything-but-S3 would canonicalize differently. */
function pathDiffers(testCase: SuiteCase): boolean {
  const request = parseHttpText(testCase.headerSignedRequest);
  return canonicalUri(request.rawPath) !== testCase.headerCanonicalRequest.split("\n")[1];
}

const verifiable = suiteCases.filter((c) => c.normalize || !pathDiffers(c));
const s3Only = suiteCases.filter((c) => !c.normalize && pathDiffers(c));

describe("AWS SigV4 test suite", () => {
  it("has the documented cases", () => {
    const names = suiteCases.map((c) => c.name);
    for (const name of [
      "get-vanilla",
      "get-vanilla-query-order-key-case",
      "get-vanilla-utf8-query",
      "get-vanilla-query-unreserved",
      "get-header-value-trim",
      "get-header-key-duplicate",
      "post-x-www-form-urlencoded",
      "post-vanilla-query",
      "get-slash-dot-slash-normalized",
      "get-space-normalized",
      "get-vanilla-with-session-token",
      "post-sts-header-after",
    ]) {
      expect(names).toContain(name);
    }
    expect(s3Only.length).toBeGreaterThanOrEqual(6);
  });

  describe.each(verifiable.map((c) => [c.name, c] as const))("%s", (_name, testCase) => {
    it("verifies in the header form", () => {
      const request = parseHttpText(testCase.headerSignedRequest);
      expect(verifySigV4(request, options(testCase))).toEqual({
        accessKeyId: "AKIDEXAMPLE",
        region: "us-east-1",
        service: "service",
        form: "header",
      });
    });

    it("verifies in the presigned query form", () => {
      const request = parseHttpText(testCase.querySignedRequest);
      expect(verifySigV4(request, options(testCase)).form).toBe("query");
    });

    it("fails with a wrong secret", () => {
      const request = parseHttpText(testCase.headerSignedRequest);
      const error = sigV4ErrorOf(() =>
        verifySigV4(
          request,
          options(testCase, { lookup: () => ({ secretAccessKey: "x", sessionToken: testCase.sessionToken }) }),
        ),
      );
      expect(error.kind).toBe("SignatureMismatch");
      // What the server computed is the suite's canonical request.
      expect(error.detail?.canonicalRequest).toBe(testCase.headerCanonicalRequest);
    });

    it("rebuilds the suite's canonical request for the presigned form", () => {
      const request = parseHttpText(testCase.querySignedRequest);
      const error = sigV4ErrorOf(() =>
        verifySigV4(
          request,
          options(testCase, { lookup: () => ({ secretAccessKey: "x", sessionToken: testCase.sessionToken }) }),
        ),
      );
      // (post-sts-header-after adds the token after presigning: the suite's form is the second try.)
      if (!testCase.omitSessionToken) expect(error.detail?.canonicalRequest).toBe(testCase.queryCanonicalRequest);
    });

    it("fails an hour and 6 minutes later (presigned for 3600 s, 5 min skew)", () => {
      const request = parseHttpText(testCase.querySignedRequest);
      const later = new Date(Date.parse(suiteContext.timestamp) + (3600 + 6 * 60) * 1000);
      expect(sigV4ErrorOf(() => verifySigV4(request, options(testCase, { now: later }))).kind).toBe("SignatureExpired");
    });
  });

  it.each(s3Only.map((c) => [c.name, c] as const))("%s (S3-style signing) does not verify", (_name, testCase) => {
    for (const text of [testCase.headerSignedRequest, testCase.querySignedRequest]) {
      expect(sigV4ErrorOf(() => verifySigV4(parseHttpText(text), options(testCase))).kind).toBe("SignatureMismatch");
    }
  });

  it("joins a repeated header with ',' only when it sees the raw headers", () => {
    const testCase = suiteCases.find((c) => c.name === "get-header-key-duplicate")!;
    const request = parseHttpText(testCase.headerSignedRequest);
    expect(request.headers["my-header1"]).toBe("value2, value2, value1");
    expect(verifySigV4(request, options(testCase)).form).toBe("header");
    expect(
      verifySigV4(
        {
          ...request,
          rawHeaders: undefined,
          headers: { ...request.headers, "my-header1": ["value2", "value2", "value1"] },
        },
        options(testCase),
      ).form,
    ).toBe("header");
    // Without rawHeaders, Node's ", " join is read as one value: a different canonical header.
    expect(sigV4ErrorOf(() => verifySigV4({ ...request, rawHeaders: undefined }, options(testCase))).kind).toBe(
      "SignatureMismatch",
    );
  });

  it("reads the session token the suite added after signing, and still checks it", () => {
    const testCase = suiteCases.find((c) => c.name === "post-sts-header-after")!;
    for (const text of [testCase.headerSignedRequest, testCase.querySignedRequest]) {
      const request = parseHttpText(text);
      expect(() => verifySigV4(request, options(testCase))).not.toThrow();
      const wrongToken = options(testCase, {
        lookup: () => ({ secretAccessKey: suiteContext.secretAccessKey, sessionToken: "another" }),
      });
      expect(sigV4ErrorOf(() => verifySigV4(request, wrongToken)).kind).toBe("InvalidToken");
    }
  });
});
