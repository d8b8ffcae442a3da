/**
 * Every Chime SDK messaging and identity operation as the official models define it (local/models):
 * its HTTP binding (method, URI template with its literal query discriminators, success status, where
 * each input member travels) and its input validator, compiled once when the endpoint loads. Routing,
 * binding, validation and serialization all follow these models, so an operation added to them is
 * routed, bound and validated before anyone writes its handler.
 */
import { officialModels } from "../models";
import { hasTrait, trait, type Member, type Operation, type ServiceModel, type Shape } from "../smithy/model";
import { ValidatorCompiler, type Validator } from "../smithy/validate";

export type MemberLocation = "label" | "header" | "query" | "body";

export interface MemberBinding {
  name: string;
  member: Member;
  location: MemberLocation;
  /** The header name (lowercase) or query key; the member name for labels and body members. */
  key: string;
}

export interface OperationModel {
  /** `ChimeSDKMessaging` or `ChimeSDKIdentity`. */
  service: string;
  name: string;
  method: string;
  /** Path segments of the URI template; a label is written `{Name}`. */
  pathSegments: string[];
  /** Literal query pairs of the URI template, e.g. `scope=app-instance-user-memberships`. */
  queryLiterals: Record<string, string>;
  successStatus: number;
  input: Shape;
  output: Shape;
  bindings: MemberBinding[];
  /** The model's constraints on the input (required, length, pattern, range, enum), at every depth. */
  validate: Validator;
}

/** HTTP traits the request binding does not implement: a model that starts using one fails to load. */
const UNBOUND_TRAITS = [
  trait.httpPayload,
  trait.httpQueryParams,
  trait.httpPrefixHeaders,
  trait.httpResponseCode,
  trait.jsonName,
  trait.timestampFormat,
];

function bindingOf(operation: string, member: Member): MemberBinding {
  const { name, traits } = member;
  const unbound = UNBOUND_TRAITS.find((name) => hasTrait(traits, name));
  if (unbound) throw new Error(`${operation}.${name} uses ${unbound}, which the local endpoint does not bind`);
  if (hasTrait(traits, trait.httpLabel)) return { name, member, location: "label", key: name };
  const header = traits[trait.httpHeader] as string | undefined;
  if (header !== undefined) return { name, member, location: "header", key: header.toLowerCase() };
  const query = traits[trait.httpQuery] as string | undefined;
  if (query !== undefined) return { name, member, location: "query", key: query };
  return { name, member, location: "body", key: name };
}

function operationsOf(service: ServiceModel, compiler: ValidatorCompiler): OperationModel[] {
  return service.operations.map((operation: Operation) => {
    const http = operation.traits[trait.http] as { method: string; uri: string; code?: number } | undefined;
    if (!http) throw new Error(`The model of ${operation.name} has no HTTP binding.`);
    const [path, query = ""] = http.uri.split("?");
    if (/\+}|[^/]\{|\}[^/]/.test(path))
      throw new Error(`${operation.name}'s URI ${path} needs greedy or partial labels`);
    for (const member of operation.output.members) {
      if (bindingOf(operation.name, member).location !== "body") {
        throw new Error(`${operation.name}'s output member ${member.name} is not in the body, where it is written`);
      }
    }
    return {
      service: service.name,
      name: operation.name,
      method: http.method,
      pathSegments: path.split("/").slice(1),
      queryLiterals: Object.fromEntries(new URLSearchParams(query)),
      successStatus: http.code ?? 200,
      input: operation.input,
      output: operation.output,
      bindings: operation.input.members.map((member) => bindingOf(operation.name, member)),
      validate: compiler.input(operation.input),
    };
  });
}

function loadOperationModels(): OperationModel[] {
  const { messaging, identity } = officialModels();
  const compiler = new ValidatorCompiler();
  return [...operationsOf(messaging, compiler), ...operationsOf(identity, compiler)];
}

export const operationModels: readonly OperationModel[] = loadOperationModels();
