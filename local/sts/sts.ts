/**
 * STS on the local endpoint (awsQuery): `POST /` with a form body naming the Action. Answers in the
 * XML that @aws-sdk/client-sts and the AWS CLI parse.
 */
import type { LocalAccount } from "../account/account";
import type { Principal } from "../account/principal";
import { assumeRole } from "./assumeRole";
import { StsError } from "./errors";
import { parseForm } from "./form";
import { successXml, type XmlElement } from "./xml";

export const STS_VERSION = "2011-06-15";

export interface StsService {
  /** The actions this service answers; the endpoint answers 501 for the model's others. */
  readonly actions: readonly string[];
  /** Returns the XML body of a successful answer; throws StsError otherwise. */
  handle(body: Buffer, principal: Principal, requestId: string): string;
}

export function createStsService(account: LocalAccount, now: () => Date): StsService {
  return {
    actions: ["AssumeRole", "GetCallerIdentity"],
    handle(body, principal, requestId) {
      const params = parseForm(body);
      const action = params.get("Action");
      const version = params.get("Version");
      if (version !== undefined && version !== STS_VERSION) {
        throw new StsError("InvalidParameterValue", 400, `Version ${version} is not supported; use ${STS_VERSION}.`);
      }
      let result: XmlElement[];
      switch (action) {
        case "AssumeRole":
          result = assumeRole(account, principal, params, now());
          break;
        case "GetCallerIdentity":
          // Needs no permission: even an explicit Deny does not block it.
          result = [
            ["UserId", principal.userId],
            ["Account", principal.accountId],
            ["Arn", principal.arn],
          ];
          break;
        default:
          throw new StsError(
            "InvalidAction",
            400,
            `Could not find operation ${action ?? "(none)"} for version ${STS_VERSION}`,
          );
      }
      return successXml(action, result, requestId);
    },
  };
}
