/**
 * Success as AWS documents it: the status code an operation's @http trait gives it in the official
 * models (local/models, AWS's own files), 200 where the trait names none (Smithy's default).
 */
import { officialModels } from "../../local/models";
import { trait } from "../../local/smithy/model";

export function documentedSuccessStatus(operation: string): number {
  const { messaging, identity } = officialModels();
  const found = [...messaging.operations, ...identity.operations].find((candidate) => candidate.name === operation);
  if (!found) throw new Error(`${operation} is no operation of the Chime SDK models.`);
  return (found.traits[trait.http] as { code?: number }).code ?? 200;
}

/**
 * Expects the call to succeed with its operation's documented status. `name` starts with the
 * operation's name (a table's row may say more after it: "GetChannelMessage (a sub-channel)").
 */
export async function expectDocumentedSuccess(name: string, attempt: Promise<unknown>): Promise<void> {
  const output = (await attempt) as { $metadata: { httpStatusCode?: number } };
  expect(output.$metadata.httpStatusCode).toBe(documentedSuccessStatus(name.split(" ")[0]));
}
