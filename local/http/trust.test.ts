import { judgeRequest, normalizeOrigin, reachableHostNames, type ListenerTrust } from "./trust";

const PORT = 9229;
const trust: ListenerTrust = {
  hostNames: reachableHostNames("127.0.0.1"),
  origins: new Set(["http://localhost:5173", "http://127.0.0.1:5173"]),
};

describe("Host (DNS rebinding)", () => {
  test.each(["127.0.0.1:9229", "localhost:9229", "LOCALHOST:9229"])("%s is answered", (host) => {
    expect(judgeRequest(trust, { host }, PORT)).toBeUndefined();
  });

  test.each([
    ["a rebinding name", "attacker.example:9229"],
    ["a name that merely ends like localhost", "evil-localhost:9229"],
    ["the right name on another port", "127.0.0.1:4566"],
    ["no port", "127.0.0.1"],
    ["a trailing dot", "localhost.:9229"],
    ["IPv6 loopback while listening on IPv4 only", "[::1]:9229"],
    ["another form of 127.0.0.1", "2130706433:9229"],
  ])("%s is refused with 421", (_, host) => {
    expect(judgeRequest(trust, { host }, PORT)).toEqual({ status: 421, message: expect.any(String) as string });
  });

  test("a request without Host is refused", () => {
    expect(judgeRequest(trust, {}, PORT)?.status).toBe(421);
  });

  test("[::1] is a name of a listener on IPv6; a specific listen address and configured names are too", () => {
    expect([...reachableHostNames("::")].sort()).toEqual(["127.0.0.1", "[::1]", "localhost"]);
    expect([...reachableHostNames("0.0.0.0", ["192.168.1.20", "10.0.2.2", " "])].sort()).toEqual([
      "10.0.2.2",
      "127.0.0.1",
      "192.168.1.20",
      "localhost",
    ]);
    expect(reachableHostNames("192.168.1.20").has("192.168.1.20")).toBe(true);
    const lan: ListenerTrust = { hostNames: reachableHostNames("0.0.0.0", ["10.0.2.2"]), origins: "any" };
    expect(judgeRequest(lan, { host: "10.0.2.2:4567" }, 4567)).toBeUndefined();
  });

  test('hostPorts "any" accepts the names on any port or none (an endpoint behind a forwarding proxy)', () => {
    const proxied: ListenerTrust = { ...trust, hostPorts: "any" };
    expect(judgeRequest(proxied, { host: "127.0.0.1:40001" }, PORT)).toBeUndefined();
    expect(judgeRequest(proxied, { host: "localhost" }, PORT)).toBeUndefined();
    expect(judgeRequest(proxied, { host: "attacker.example:40001" }, PORT)?.status).toBe(421);
  });
});

describe("Origin (other web pages)", () => {
  const host = "127.0.0.1:9229";

  test("no Origin (an SDK, a CLI, curl) is answered", () => {
    expect(judgeRequest(trust, { host }, PORT)).toBeUndefined();
  });

  test.each(["http://localhost:5173", "http://127.0.0.1:5173", "http://127.0.0.1:9229"])(
    "%s (a development origin, or the listener's own) is answered",
    (origin) => {
      expect(judgeRequest(trust, { host, origin }, PORT)).toBeUndefined();
    },
  );

  test.each(["https://attacker.example", "null", "http://localhost:5174", "http://localhost:9229"])(
    "%s is refused with 403",
    (origin) => {
      expect(judgeRequest(trust, { host, origin }, PORT)?.status).toBe(403);
    },
  );

  test('origins "any" answers every origin, still only on a trusted Host', () => {
    const endpoint: ListenerTrust = { ...trust, origins: "any" };
    expect(judgeRequest(endpoint, { host, origin: "https://app.example" }, PORT)).toBeUndefined();
    expect(judgeRequest(endpoint, { host: "attacker.example:9229", origin: "https://app.example" }, PORT)?.status).toBe(
      421,
    );
  });

  test("configured origins are normalised, and anything but scheme://host[:port] is refused", () => {
    expect(normalizeOrigin("HTTP://LocalHost:5173/")).toBe("http://localhost:5173");
    expect(normalizeOrigin("https://app.example:443")).toBe("https://app.example");
    expect(() => normalizeOrigin("localhost:5173")).toThrow("is not an origin");
    expect(() => normalizeOrigin("http://localhost:5173/app")).toThrow("is not an origin");
    expect(() => normalizeOrigin("*")).toThrow("is not an origin");
  });
});
