/**
 * The vendored models are the files `npm run models:refresh` wrote (sources.json records their SHA-256),
 * and they agree with the SDK clients this project ships with: every operation the clients can send is
 * in the models, bound to the same method, URI and members. A newer SDK with an operation or member the
 * models lack fails here: refresh the models (local/models/README.md).
 */
import * as identityClient from "@aws-sdk/client-chime-sdk-identity";
import * as messagingClient from "@aws-sdk/client-chime-sdk-messaging";
import * as stsClient from "@aws-sdk/client-sts";
import { NormalizedSchema } from "@smithy/core/schema";
import type { StaticOperationSchema } from "@smithy/types";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { officialModels } from ".";
import { trait, type ServiceModel } from "../smithy/model";
import { MODEL_FILES, sha256, type ModelSources } from "./refresh";

test("each vendored model is byte for byte the file its source names", () => {
  const sources = JSON.parse(readFileSync(join(__dirname, "sources.json"), "utf8")) as ModelSources;
  expect(sources.repository).toBe("aws/api-models-aws");
  expect(sources.commit).toMatch(/^[0-9a-f]{40}$/);
  for (const { file } of MODEL_FILES) {
    expect({ file, sha256: sha256(readFileSync(join(__dirname, file))) }).toEqual({
      file,
      sha256: sources.files[file].sha256,
    });
  }
});

const STATIC_OPERATION_SCHEMA = 9;

interface Binding {
  http?: [string, string, number];
  input: Record<string, string>;
  output: string[];
}

/** What the SDK client sends and reads for each operation: method, URI, status, where each member travels. */
function sdkBindings(exports: Record<string, unknown>): Map<string, Binding> {
  const bindings = new Map<string, Binding>();
  for (const value of Object.values(exports)) {
    if (!Array.isArray(value) || value[0] !== STATIC_OPERATION_SCHEMA) continue;
    const [, , name, traits, input, output] = value as StaticOperationSchema;
    const where = (member: NormalizedSchema) => {
      const memberTraits = member.getMergedTraits();
      if (memberTraits.httpLabel) return "label";
      if (typeof memberTraits.httpHeader === "string") return `header ${memberTraits.httpHeader.toLowerCase()}`;
      if (typeof memberTraits.httpQuery === "string") return `query ${memberTraits.httpQuery}`;
      return "body";
    };
    const http = typeof traits === "object" ? traits.http : undefined;
    bindings.set(name, {
      http,
      input: Object.fromEntries([...NormalizedSchema.of(input).structIterator()].map(([n, m]) => [n, where(m)])),
      output: [...NormalizedSchema.of(output).structIterator()].map(([n]) => n).sort(),
    });
  }
  return bindings;
}

function modelBindings(model: ServiceModel, withHttp: boolean): Map<string, Binding> {
  // awsQuery (STS) has no HTTP binding per operation: every action is POST /.
  return new Map(
    model.operations.map((operation) => {
      const http = operation.traits[trait.http] as { method: string; uri: string; code?: number } | undefined;
      const where = (traits: Record<string, unknown>) =>
        traits[trait.httpLabel] !== undefined
          ? "label"
          : typeof traits[trait.httpHeader] === "string"
            ? `header ${(traits[trait.httpHeader] as string).toLowerCase()}`
            : typeof traits[trait.httpQuery] === "string"
              ? `query ${traits[trait.httpQuery] as string}`
              : "body";
      return [
        operation.name,
        {
          http: withHttp && http ? [http.method, http.uri, http.code ?? 200] : undefined,
          input: Object.fromEntries(operation.input.members.map((member) => [member.name, where(member.traits)])),
          output: operation.output.members.map((member) => member.name).sort(),
        },
      ];
    }),
  );
}

test.each([
  ["Chime SDK messaging", officialModels().messaging, messagingClient],
  ["Chime SDK identity", officialModels().identity, identityClient],
] as const)("the %s model binds every operation as the SDK client does", (_, model, client) => {
  const fromModel = modelBindings(model, true);
  const fromSdk = sdkBindings(client);
  expect(fromSdk.size).toBeGreaterThan(25);
  for (const [name, binding] of fromSdk) expect({ name, ...fromModel.get(name) }).toEqual({ name, ...binding });
  expect([...fromModel.keys()].sort()).toEqual([...fromSdk.keys()].sort());
});

/**
 * The STS client is newer than the latest STS model published (it knows MinimumSessionTokenSize and
 * the SessionTokenSize outputs): the endpoint ignores those, as any member its model lacks. The list
 * pins the gap for the actions the endpoint implements, so that a wider one shows here.
 */
const STS_MEMBERS_NEWER_THAN_THE_MODEL = {
  AssumeRole: { input: ["MinimumSessionTokenSize"], output: ["SessionTokenSize", "SessionTokenUtilization"] },
  GetCallerIdentity: { input: [], output: [] },
};

test("the STS model has every member the STS client knows of the implemented actions, but the newest", () => {
  const fromModel = modelBindings(officialModels().sts, false);
  const fromSdk = sdkBindings(stsClient);
  for (const [name, newer] of Object.entries(STS_MEMBERS_NEWER_THAN_THE_MODEL)) {
    const model = fromModel.get(name) as Binding;
    const sdk = fromSdk.get(name) as Binding;
    expect({ name, input: Object.keys(sdk.input).filter((member) => !(member in model.input)) }).toEqual({
      name,
      input: newer.input,
    });
    expect({ name, output: sdk.output.filter((member) => !model.output.includes(member)) }).toEqual({
      name,
      output: newer.output,
    });
    for (const member of Object.keys(model.input)) expect(Object.keys(sdk.input)).toContain(member);
  }
});
