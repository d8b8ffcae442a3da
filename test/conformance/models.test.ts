/**
 * The local endpoint against the official models, over HTTP with the official SDK clients: for every
 * operation of Chime SDK messaging, Chime SDK identity and STS, a valid input passes validation, and
 * every constrained member, broken one constraint at a time, gets the error AWS answers (400
 * BadRequestException for Chime, 400 ValidationError for STS, naming the member and the constraint).
 * This holds for the operations the endpoint does not implement too: validation is the model's, and
 * only a valid call of theirs meets the 501 that names them. The cases come from the model files
 * (modelCases.ts), not from the endpoint's code.
 *
 * Validation comes before authorization and before any lookup, so the inputs name resources that do
 * not exist and are sent with the developer key (allowed everything): a case that is not refused by
 * validation goes on to a 401/403/404, never a validation error.
 */
import * as identitySdk from "@aws-sdk/client-chime-sdk-identity";
import * as messagingSdk from "@aws-sdk/client-chime-sdk-messaging";
import * as stsSdk from "@aws-sdk/client-sts";
import { signedRequest } from "../support/signedHttp";
import { clientConfig, startTestEndpoint, type TestEndpoint } from "../support/localEndpoint";
import { CaseBuilder, readModel, type Case, type Location, type Model, type ModelOperation } from "./modelCases";

interface Answer {
  status: number;
  /** The exception name as the SDK resolved it (x-amzn-ErrorType for Chime, Error/Code for STS). */
  name: string | undefined;
  message: string;
}

let t: TestEndpoint;
let implemented: Set<string>;
interface SdkClient {
  send(command: never): Promise<unknown>;
  destroy(): void;
}
let clients: Record<string, SdkClient>;
beforeAll(async () => {
  t = await startTestEndpoint();
  implemented = new Set(t.endpoint.implementedOperations);
  const config = clientConfig(t.endpoint.url, t.credentials.developer);
  clients = {
    ChimeSDKMessaging: new messagingSdk.ChimeSDKMessagingClient(config),
    ChimeSDKIdentity: new identitySdk.ChimeSDKIdentityClient(config),
    STS: new stsSdk.STSClient(config),
  };
});
afterAll(async () => {
  for (const client of Object.values(clients)) client.destroy();
  await t.close();
});

const sdks: Record<string, Record<string, unknown>> = {
  ChimeSDKMessaging: messagingSdk,
  ChimeSDKIdentity: identitySdk,
  STS: stsSdk,
};

async function viaSdk(model: Model, operation: string, input: Record<string, unknown>): Promise<Answer> {
  const Command = sdks[model.service][`${operation}Command`] as new (input: unknown) => never;
  try {
    await clients[model.service].send(new Command(input));
    return { status: 200, name: undefined, message: "" };
  } catch (error) {
    const failure = error as Error & { $metadata?: { httpStatusCode?: number } };
    // An error the SDK raised itself, before sending, is a fault of the case, not an answer.
    if (failure.$metadata?.httpStatusCode === undefined) throw error;
    return { status: failure.$metadata.httpStatusCode, name: failure.name, message: failure.message };
  }
}

/** restJson1 by hand, for what the SDK will not send (a missing idempotency token, an empty label). */
async function viaRawHttp(
  operation: ModelOperation,
  locations: Record<string, Location>,
  input: Record<string, unknown>,
): Promise<Answer> {
  const http = operation.http as { method: string; uri: string };
  const [template, literal = ""] = http.uri.split("?");
  let path = template;
  const query: Record<string, string> = Object.fromEntries(new URLSearchParams(literal));
  const headers: Record<string, string> = { "content-type": "application/json" };
  const body: Record<string, unknown> = {};
  // Labels, headers and query members are scalars: strings or numbers.
  const text = (value: unknown) => (typeof value === "number" ? String(value) : ((value as string | undefined) ?? ""));
  for (const [name, location] of Object.entries(locations)) {
    const value = input[name];
    if (typeof location === "object" && "label" in location) {
      path = path.replace(`{${name}}`, encodeURIComponent(text(value)));
    } else if (value === undefined) continue;
    else if (location === "body") body[name] = value;
    else if ("header" in location) headers[location.header] = text(value);
    else query[location.query] = text(value);
  }
  const response = await signedRequest({
    port: t.endpoint.port,
    credentials: t.credentials.developer,
    method: http.method,
    path,
    query,
    headers,
    body: JSON.stringify(body),
  });
  const parsed = response.body ? (JSON.parse(response.body) as { Message?: string }) : {};
  return {
    status: response.status,
    name: response.headers["x-amzn-errortype"] as string | undefined,
    message: parsed.Message ?? "",
  };
}

const models = [
  readModel("chime-sdk-messaging-2021-05-15.json"),
  readModel("chime-sdk-identity-2021-04-20.json"),
  readModel("sts-2011-06-15.json"),
];
const STS_IMPLEMENTED = ["AssumeRole", "GetCallerIdentity"];

/**
 * What AWS answers a broken constraint with: Chime's models declare BadRequestException (its status is
 * the model's @httpError); STS answers the query protocol's ValidationError, 400, which its model does
 * not declare.
 */
const validationError = (model: Model) =>
  model.service === "STS"
    ? { name: "ValidationError", status: 400 }
    : { name: "BadRequestException", status: model.errorStatus("BadRequestException") };

describe.each(models.map((model) => [model.service, model] as const))("%s", (_, model) => {
  const builder = new CaseBuilder(model);
  const operations = model.operations.map((operation) => {
    const cases = operation.inputId ? builder.cases(operation.inputId) : [];
    return [operation.name, operation, cases] as const;
  });

  test("has constrained members in its operations, so that the cases below test something", () => {
    expect(operations.reduce((sum, [, , cases]) => sum + cases.length, 0)).toBeGreaterThan(40);
  });

  test.each(operations)("%s", async (name, operation, cases) => {
    const isImplemented = model.service === "STS" ? STS_IMPLEMENTED.includes(name) : implemented.has(name);
    const locations = operation.inputId && operation.http ? builder.locations(operation.inputId) : {};
    const send = (input: Record<string, unknown>, raw: boolean) =>
      raw ? viaRawHttp(operation, locations, input) : viaSdk(model, name, input);
    const mismatches: string[] = [];

    // The valid input passes validation (whatever it meets after: unknown bearer, missing channel...).
    const valid = operation.inputId ? builder.validInput(operation.inputId) : {};
    const answer = await send(valid, false);
    if (/validation errors? detected/.test(answer.message)) mismatches.push(`valid input refused: ${answer.message}`);
    if (!isImplemented) {
      const problem = checkNotImplemented(model, name, answer);
      if (problem) mismatches.push(`valid input: ${problem}`);
    }

    for (const broken of cases) {
      const answer = await send(broken.input, broken.raw);
      const problem = checkValidation(model, broken, answer);
      if (problem) mismatches.push(`${broken.description}${broken.raw ? " (raw HTTP)" : ""}: ${problem}`);
    }
    expect(mismatches).toEqual([]);
  });
});

function checkValidation(model: Model, broken: Case, answer: Answer): string | undefined {
  const expected = validationError(model);
  if (answer.status !== expected.status || answer.name !== expected.name) {
    return `${answer.status} ${answer.name ?? ""} "${answer.message}", expected ${expected.status} ${expected.name}`;
  }
  if (!/^[1-9]\d* validation errors? detected: /.test(answer.message)) return `message "${answer.message}"`;
  const found =
    typeof broken.expected === "string"
      ? answer.message.includes(broken.expected)
      : broken.expected.test(answer.message);
  return found ? undefined : `"${answer.message}" does not name ${String(broken.expected)}`;
}

function checkNotImplemented(model: Model, name: string, answer: Answer): string | undefined {
  const expectedName = model.service === "STS" ? "NotImplemented" : "NotImplementedException";
  // The tag operations have one binding in both Chime services: either service name is right.
  const names = new RegExp(`^\\w+\\.${name} is not implemented by the local endpoint\\.$`);
  if (answer.status === 501 && answer.name === expectedName && names.test(answer.message)) return undefined;
  return `${answer.status} ${answer.name ?? ""} "${answer.message}", expected 501 ${expectedName} naming ${name}`;
}
