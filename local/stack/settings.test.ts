import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { checkPortsFree, PortInUseError } from "./ports";
import {
  allPorts,
  ensurePrivateDir,
  readPort,
  readSettings,
  readTlsHosts,
  SettingsError,
  stackPaths,
  stackSockets,
} from "./settings";

test("defaults: the documented ports, .local, us-east-1", () => {
  const settings = readSettings({});
  expect(allPorts(settings).map(({ variable, port }) => [variable, port])).toEqual([
    ["COGNITO_PORT", 9229],
    ["LOCAL_AWS_PORT", 4566],
    ["LOCAL_AWS_TLS_PORT", 4567],
    ["API_PORT", 3000],
    ["LOCAL_DYNAMODB_PORT", 4569],
    ["WEB_PORT", 5173],
  ]);
  expect(settings.stateDir).toBe(`${process.cwd()}/.local`);
  expect(settings.region).toBe("us-east-1");
  expect(stackPaths(settings.stateDir).stackFile).toBe(`${process.cwd()}/.local/stack.json`);
});

test("every port and the state folder can be moved by the environment", () => {
  const settings = readSettings({
    COGNITO_PORT: "19229",
    LOCAL_AWS_PORT: "14566",
    LOCAL_AWS_TLS_PORT: "14567",
    API_PORT: "13000",
    LOCAL_DYNAMODB_PORT: "14569",
    WEB_PORT: "15173",
    LOCAL_STATE_DIR: "/tmp/somewhere",
  });
  expect(allPorts(settings).map(({ port }) => port)).toEqual([19229, 14566, 14567, 13000, 14569, 15173]);
  expect(settings.stateDir).toBe("/tmp/somewhere");
});

test("a bad or repeated port is refused with the variable named", () => {
  expect(() => readSettings({ API_PORT: "http" })).toThrow(
    new SettingsError('API_PORT must be a port number from 1 to 65535, not "http".'),
  );
  expect(() => readSettings({ API_PORT: "70000" })).toThrow(SettingsError);
  expect(() => readSettings({ API_PORT: "4566" })).toThrow(
    "LOCAL_AWS_PORT and API_PORT are both 4566: give each part its own port.",
  );
});

test("LOCAL_STS_SESSION_CAP_SECONDS (tests of credential refresh): off by default, 30 to 3600 seconds", () => {
  expect(readSettings({}).stsSessionCapSeconds).toBeUndefined();
  expect(readSettings({ LOCAL_STS_SESSION_CAP_SECONDS: "60" }).stsSessionCapSeconds).toBe(60);
  for (const bad of ["10", "1h", "4000"]) {
    expect(() => readSettings({ LOCAL_STS_SESSION_CAP_SECONDS: bad })).toThrow(
      new SettingsError(`LOCAL_STS_SESSION_CAP_SECONDS must be a number of seconds from 30 to 3600, not "${bad}".`),
    );
  }
});

test("LOCAL_MODERATION: off by default, as the deployment's parameter; on or off", () => {
  expect(readSettings({}).moderation).toBe(false);
  expect(readSettings({ LOCAL_MODERATION: "on" }).moderation).toBe(true);
  expect(readSettings({ LOCAL_MODERATION: "OFF" }).moderation).toBe(false);
  expect(() => readSettings({ LOCAL_MODERATION: "yes" })).toThrow(
    new SettingsError('LOCAL_MODERATION must be on or off, not "yes".'),
  );
  expect(readSettings({}).moderationFallback).toBe("ABORT");
  expect(readSettings({ MODERATION_FALLBACK: "continue" }).moderationFallback).toBe("CONTINUE");
  expect(() => readSettings({ MODERATION_FALLBACK: "RETRY" })).toThrow(SettingsError);
});

test("npm run endpoint reads its ports the same way, with 0 (any free port) allowed", () => {
  expect(readPort({}, "LOCAL_AWS_PORT", 4566, { allowZero: true })).toBe(4566);
  expect(readPort({ LOCAL_AWS_PORT: " 0 " }, "LOCAL_AWS_PORT", 4566, { allowZero: true })).toBe(0);
  expect(() => readPort({ LOCAL_AWS_PORT: "-1" }, "LOCAL_AWS_PORT", 4566, { allowZero: true })).toThrow(
    new SettingsError('LOCAL_AWS_PORT must be a port number from 0 to 65535 (0: any free port), not "-1".'),
  );
  // npm start must know its ports before it starts.
  expect(() => readSettings({ LOCAL_AWS_PORT: "0" })).toThrow(
    'LOCAL_AWS_PORT must be a port number from 1 to 65535, not "0".',
  );
  expect(readTlsHosts({ LOCAL_AWS_TLS_HOSTS: " 192.168.1.9, ,phone.local" })).toEqual(["192.168.1.9", "phone.local"]);
});

test("the development origins: the web client's on WEB_PORT, then LOCAL_DEV_ORIGINS", () => {
  expect(readSettings({}).devOrigins).toEqual(["http://127.0.0.1:5173", "http://localhost:5173"]);
  expect(
    readSettings({ WEB_PORT: "8080", LOCAL_DEV_ORIGINS: " https://App.example:8443/ , http://localhost:8080,," })
      .devOrigins,
  ).toEqual(["http://127.0.0.1:8080", "http://localhost:8080", "https://app.example:8443"]);
  expect(() => readSettings({ LOCAL_DEV_ORIGINS: "*" })).toThrow(
    new SettingsError('LOCAL_DEV_ORIGINS: "*" is not an origin such as http://localhost:5173.'),
  );
  expect(() => readSettings({ LOCAL_DEV_ORIGINS: "http://localhost:5173/app" })).toThrow(SettingsError);
});

test("the API's concurrency bound: 8 by default, API_MAX_CONCURRENCY to change it", () => {
  expect(readSettings({}).apiMaxConcurrency).toBe(8);
  expect(readSettings({ API_MAX_CONCURRENCY: "20" }).apiMaxConcurrency).toBe(20);
  expect(() => readSettings({ API_MAX_CONCURRENCY: "0" })).toThrow(
    new SettingsError('API_MAX_CONCURRENCY must be a number of requests from 1 to 1000, not "0".'),
  );
});

test("the sockets live in the state folder, or in a private temporary one when its path is too long", () => {
  expect(stackSockets("/home/dev/project/.local")).toEqual({
    cognito: "/home/dev/project/.local/cognito.sock",
    api: "/home/dev/project/.local/api.sock",
    lambda: "/home/dev/project/.local/lambda.sock",
  });
  const long = `/home/dev/${"a-very-long-folder-name/".repeat(5)}.local`;
  const sockets = stackSockets(long);
  try {
    expect(sockets.api.startsWith(tmpdir())).toBe(true);
    expect(Buffer.byteLength(sockets.lambda)).toBeLessThan(104);
    expect(statSync(dirname(sockets.api)).mode & 0o777).toBe(0o700);
  } finally {
    rmSync(dirname(sockets.api), { recursive: true, force: true });
  }
});

describe("the state folder holds secrets", () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), "stack-settings-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const mode = (path: string) => statSync(path).mode & 0o7777;

  test("it is made 0700", () => {
    const state = join(dir, "a", ".local");
    ensurePrivateDir(state);
    expect(mode(state)).toBe(0o700);
    ensurePrivateDir(state);
    expect(mode(state)).toBe(0o700);
  });

  test("an existing one others can read is made 0700", () => {
    const state = join(dir, ".local");
    mkdirSync(state);
    chmodSync(state, 0o755);
    ensurePrivateDir(state);
    expect(mode(state)).toBe(0o700);
  });

  test("a shared folder (sticky bit, like /tmp) is refused, not changed", () => {
    const shared = join(dir, "shared");
    mkdirSync(shared);
    chmodSync(shared, 0o1777);
    expect(() => ensurePrivateDir(shared)).toThrow(SettingsError);
    expect(() => ensurePrivateDir(shared)).toThrow(`${shared} is a shared folder`);
    expect(mode(shared)).toBe(0o1777);
  });
});

describe("a port in use", () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test("is reported with its part and the variable that moves it, before anything starts", async () => {
    const api = { ...readSettings({}).ports.api, port };
    const check = checkPortsFree("127.0.0.1", [api]);
    await expect(check).rejects.toThrow(PortInUseError);
    await expect(check).rejects.toThrow(
      `Port ${port} (the GraphQL API) is already in use. Stop what holds it, or set API_PORT to another port, e.g. API_PORT=${port + 1} npm start.`,
    );
  });
});
