/** awsQuery request bodies: `Action=AssumeRole&Version=2011-06-15&Tags.member.1.Key=...`. */
import { validationError } from "./errors";

export type QueryParameters = Map<string, string>;

export function parseForm(body: Buffer): QueryParameters {
  // URLSearchParams turns '+' into a space, as form encoding defines; the SDKs send '%20' anyway.
  return new Map(new URLSearchParams(body.toString("utf8")));
}

/** A list member: `Name.member.1`, `Name.member.2`, ... (1-based, no gaps). A bare `Name=` is empty. */
export function listParameter(params: QueryParameters, name: string): string[] | undefined {
  const values: string[] = [];
  for (let i = 1; params.has(`${name}.member.${i}`); i++) values.push(params.get(`${name}.member.${i}`) as string);
  if (values.length === 0) return params.has(name) ? [] : undefined;
  return values;
}

/** A list of structures: `Name.member.1.Key`, `Name.member.1.Value`, ... */
export function structListParameter(
  params: QueryParameters,
  name: string,
  fields: string[],
): Record<string, string | undefined>[] | undefined {
  const items: Record<string, string | undefined>[] = [];
  for (let i = 1; fields.some((field) => params.has(`${name}.member.${i}.${field}`)); i++) {
    items.push(Object.fromEntries(fields.map((field) => [field, params.get(`${name}.member.${i}.${field}`)])));
  }
  if (items.length === 0) return params.has(name) ? [] : undefined;
  return items;
}

export function integerParameter(params: QueryParameters, name: string): number | undefined {
  const raw = params.get(name);
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw)) throw validationError(`Value '${raw}' at '${name}' is not an integer.`);
  return Number(raw);
}
