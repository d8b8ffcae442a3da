/**
 * The official models of the services the local endpoint emulates, vendored in this folder (see
 * README.md: where they come from, their licence, `npm run models:refresh`). Read once per process.
 */
import { join } from "node:path";
import { loadServiceModel, type ServiceModel } from "../smithy/model";

let loaded: { messaging: ServiceModel; identity: ServiceModel; sts: ServiceModel } | undefined;

export function officialModels(): { messaging: ServiceModel; identity: ServiceModel; sts: ServiceModel } {
  loaded ??= {
    messaging: loadServiceModel(join(__dirname, "chime-sdk-messaging-2021-05-15.json")),
    identity: loadServiceModel(join(__dirname, "chime-sdk-identity-2021-04-20.json")),
    sts: loadServiceModel(join(__dirname, "sts-2011-06-15.json")),
  };
  return loaded;
}
