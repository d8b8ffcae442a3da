/**
 * The HTTP bindings of every Chime SDK messaging and identity operation, read from the schemas that
 * ship inside the official SDK clients. Routing and request binding therefore follow AWS's own model
 * (method, URI template with its literal query discriminators, success status, which member is a
 * path label, header, query parameter or body member) rather than a hand-copied table.
 */
import * as identityClient from "@aws-sdk/client-chime-sdk-identity";
import * as messagingClient from "@aws-sdk/client-chime-sdk-messaging";
import { NormalizedSchema } from "@smithy/core/schema";
import type { StaticOperationSchema, StaticStructureSchema } from "@smithy/types";

export type ServiceName = "ChimeSDKMessaging" | "ChimeSDKIdentity";

export interface OperationModel {
  service: ServiceName;
  name: string;
  method: string;
  /** Path segments of the URI template; a label is written `{Name}`. */
  pathSegments: string[];
  /** Literal query pairs of the URI template, e.g. `scope=app-instance-user-memberships`. */
  queryLiterals: Record<string, string>;
  successStatus: number;
  input: NormalizedSchema;
  output: NormalizedSchema;
  /** Input members the model marks required (the leading members of the input structure). */
  requiredMembers: string[];
}

const STATIC_OPERATION_SCHEMA = 9;

function isOperationSchema(value: unknown): value is StaticOperationSchema {
  return Array.isArray(value) && value[0] === STATIC_OPERATION_SCHEMA;
}

function requiredMembersOf(input: unknown): string[] {
  // A static structure schema lists its required members first and gives their count last.
  const structure = input as StaticStructureSchema;
  return structure[4].slice(0, structure[6] ?? 0);
}

function operationsOf(service: ServiceName, exports: Record<string, unknown>): OperationModel[] {
  return Object.values(exports)
    .filter(isOperationSchema)
    .map((schema) => {
      const [, , name, traits, input, output] = schema;
      const http = typeof traits === "object" ? traits.http : undefined;
      if (!Array.isArray(http)) throw new Error(`The SDK's model of ${name} has no HTTP binding.`);
      const [method, uri, successStatus] = http;
      const [path, query = ""] = uri.split("?");
      const inputSchema = NormalizedSchema.of(input);
      return {
        service,
        name,
        method,
        pathSegments: path.split("/").filter(Boolean),
        queryLiterals: Object.fromEntries(new URLSearchParams(query)),
        successStatus,
        input: inputSchema,
        output: NormalizedSchema.of(output),
        requiredMembers: requiredMembersOf(inputSchema.getSchema()),
      };
    });
}

export const operationModels: readonly OperationModel[] = [
  ...operationsOf("ChimeSDKMessaging", messagingClient),
  ...operationsOf("ChimeSDKIdentity", identityClient),
];
