import {
  canonicalHeaderValue,
  canonicalQuery,
  canonicalUri,
  formatAmzDate,
  parseAmzDate,
  parseQuery,
  percentDecode,
  signingKey,
  uriEncode,
} from "./canonical";

describe("canonical URI (every service but S3)", () => {
  it("encodes the wire path again: an ARN label ends up double-encoded", () => {
    expect(
      canonicalUri(
        "/channels/arn%3Aaws%3Achime%3Aus-east-1%3A123456789012%3Aapp-instance%2Fabc%2Fchannel%2Fx/messages",
      ),
    ).toBe(
      "/channels/arn%253Aaws%253Achime%253Aus-east-1%253A123456789012%253Aapp-instance%252Fabc%252Fchannel%252Fx/messages",
    );
  });

  it.each([
    ["", "/"],
    ["/", "/"],
    ["//", "/"],
    ["/./", "/"],
    ["/example/..", "/"],
    ["/a/b/../..", "/"],
    ["//example//", "/example/"],
    ["/./example", "/example"],
    ["/example space/", "/example%20space/"],
    ["/-._~AZaz09", "/-._~AZaz09"],
    ["/ሴ", "/%E1%88%B4"],
    ["/a+b!'()*", "/a%2Bb%21%27%28%29%2A"],
  ])("%j -> %j", (raw, canonical) => {
    expect(canonicalUri(raw)).toBe(canonical);
  });
});

describe("canonical query", () => {
  const canonical = (raw: string) => canonicalQuery(parseQuery(raw));

  it("decodes and re-encodes RFC 3986 style, never reading + as a space", () => {
    expect(canonical("a=b+c&d=e%20f&g=%7e%2d")).toBe("a=b%2Bc&d=e%20f&g=~-");
    expect(canonical("k=!'()*")).toBe("k=%21%27%28%29%2A");
    expect(canonicalQuery(parseQuery("k=!'()*"), "encodeURIComponent")).toBe("k=!'()*");
  });

  it("sorts by encoded name then value, upper case first; empty values keep their '='", () => {
    expect(canonical("b=2&a=2&a=1&B=0&c&d=")).toBe("B=0&a=1&a=2&b=2&c=&d=");
    expect(canonical("")).toBe("");
    expect(canonical("&&a=1&")).toBe("a=1");
  });

  it("keeps a stray % and any bytes as they were", () => {
    expect(canonical("a=100%&b=%zz&c=%E1%88%B4&d=%ff")).toBe("a=100%25&b=%25zz&c=%E1%88%B4&d=%FF");
    expect(percentDecode("%e1%88%b4").toString("utf8")).toBe("ሴ");
    expect(parseQuery("%E1%88%B4=bar")[0]).toMatchObject({ name: "ሴ", value: "bar", rawName: "%E1%88%B4" });
  });
});

describe("encoding and values", () => {
  it("encodes UTF-8 bytes with upper-case hex", () => {
    expect(uriEncode("a b/é✓")).toBe("a%20b%2F%C3%A9%E2%9C%93");
    expect(uriEncode("😀")).toBe("%F0%9F%98%80");
    expect(percentDecode("😀").toString("utf8")).toBe("😀");
  });

  it("trims header values and collapses whitespace", () => {
    expect(canonicalHeaderValue('  "a   b \t  c"  ')).toBe('"a b c"');
    expect(canonicalHeaderValue("value1\n  value2\n     value3")).toBe("value1 value2 value3");
  });

  it("parses only real X-Amz-Date times", () => {
    expect(parseAmzDate("20150830T123600Z")?.toISOString()).toBe("2015-08-30T12:36:00.000Z");
    for (const bad of ["20150830T123600", "2015-08-30T12:36:00Z", "20150230T123600Z", "20150830T246000Z", ""]) {
      expect(parseAmzDate(bad)).toBeUndefined();
    }
    expect(formatAmzDate(new Date("2015-08-30T12:36:00.123Z"))).toBe("20150830T123600Z");
  });

  it("derives AWS's documented example signing key", () => {
    // From AWS's SigV4 documentation example (secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20120215, us-east-1, iam).
    expect(signingKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam").toString("hex")).toBe(
      "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d",
    );
  });
});
