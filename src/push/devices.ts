/**
 * A user's devices: Chime AppInstanceUserEndpoints registered with the deployment's push application,
 * one per device token. Registering is idempotent per token (an app registers on every sign-in and token
 * refresh): a token already registered is kept (its name updated, messages allowed again), and every
 * other registration of that token goes (another platform or push app, a changed VoIP token, or an
 * endpoint Chime made INACTIVE). Chime lists endpoints without their tokens, so each is described (a
 * user has at most MAX_DEVICES). Two registrations of one token at the same moment may both register;
 * the next one removes the extra.
 */
import type { AppInstanceUserEndpoint, AppInstanceUserEndpointSummary } from "@aws-sdk/client-chime-sdk-identity";
import type { ChimeSession } from "../chime/gateway";

export type DevicePlatform = "APNS" | "APNS_SANDBOX" | "GCM";

export interface DeviceRegistration {
  platform: DevicePlatform;
  deviceToken: string;
  voipDeviceToken?: string;
  name?: string;
}

/** Chime's quota: "Maximum AppInstanceUserEndpoints per AppInstanceUser" (AWS General Reference). */
export const MAX_DEVICES = 10;

const CHIME_PAGE = 50;

function idOf(endpoint: AppInstanceUserEndpoint | AppInstanceUserEndpointSummary): string {
  if (!endpoint.EndpointId) throw new Error("Chime answered an endpoint without its id.");
  return endpoint.EndpointId;
}

export class DeviceRegistry {
  constructor(readonly pushAppArn: string) {}

  async list(chime: ChimeSession): Promise<AppInstanceUserEndpointSummary[]> {
    const devices: AppInstanceUserEndpointSummary[] = [];
    let nextToken: string | undefined;
    do {
      const page = await chime.listOwnEndpoints({ maxResults: CHIME_PAGE, nextToken });
      devices.push(...(page.AppInstanceUserEndpoints ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    return devices;
  }

  private async describeAll(chime: ChimeSession): Promise<AppInstanceUserEndpoint[]> {
    const summaries = await this.list(chime);
    const described = await Promise.all(summaries.map((summary) => chime.describeOwnEndpoint(idOf(summary))));
    return described.flatMap((answer) => (answer.AppInstanceUserEndpoint ? [answer.AppInstanceUserEndpoint] : []));
  }

  private async describe(chime: ChimeSession, endpointId: string): Promise<AppInstanceUserEndpoint> {
    const { AppInstanceUserEndpoint } = await chime.describeOwnEndpoint(endpointId);
    if (!AppInstanceUserEndpoint) throw new Error("Chime answered without the endpoint.");
    return AppInstanceUserEndpoint;
  }

  async register(chime: ChimeSession, device: DeviceRegistration): Promise<AppInstanceUserEndpoint> {
    const existing = await this.describeAll(chime);
    const sameToken = existing.filter((endpoint) => endpoint.EndpointAttributes?.DeviceToken === device.deviceToken);
    const kept = sameToken.find(
      (endpoint) =>
        endpoint.Type === device.platform &&
        endpoint.ResourceArn === this.pushAppArn &&
        endpoint.EndpointAttributes?.VoipDeviceToken === device.voipDeviceToken &&
        endpoint.EndpointState?.Status === "ACTIVE",
    );
    await Promise.all(
      sameToken.filter((endpoint) => endpoint !== kept).map((endpoint) => chime.deregisterOwnEndpoint(idOf(endpoint))),
    );
    if (kept) {
      const renamed = device.name !== undefined && device.name !== kept.Name;
      if (!renamed && kept.AllowMessages === "ALL") return kept;
      await chime.updateOwnEndpoint(idOf(kept), { name: device.name, allowMessages: "ALL" });
      return this.describe(chime, idOf(kept));
    }
    // Room for one more: the devices Chime made INACTIVE (a token APNs or FCM refused) go first, oldest first.
    const others = existing.filter((endpoint) => !sameToken.includes(endpoint));
    const excess = others.length + 1 - MAX_DEVICES;
    if (excess > 0) {
      const stale = others
        .filter((endpoint) => endpoint.EndpointState?.Status === "INACTIVE")
        .sort((a, b) => (a.LastUpdatedTimestamp?.getTime() ?? 0) - (b.LastUpdatedTimestamp?.getTime() ?? 0))
        .slice(0, excess);
      await Promise.all(stale.map((endpoint) => chime.deregisterOwnEndpoint(idOf(endpoint))));
    }
    const { EndpointId } = await chime.registerOwnEndpoint({
      type: device.platform,
      pushAppArn: this.pushAppArn,
      deviceToken: device.deviceToken,
      voipDeviceToken: device.voipDeviceToken,
      name: device.name,
    });
    if (!EndpointId) throw new Error("Chime answered without the endpoint id.");
    return this.describe(chime, EndpointId);
  }

  /** Removes the device with this id, or every registration of this token; returns how many went. */
  async unregister(chime: ChimeSession, which: { deviceId: string } | { deviceToken: string }): Promise<number> {
    const gone =
      "deviceId" in which
        ? (await this.list(chime)).filter((endpoint) => endpoint.EndpointId === which.deviceId)
        : (await this.describeAll(chime)).filter(
            (endpoint) => endpoint.EndpointAttributes?.DeviceToken === which.deviceToken,
          );
    await Promise.all(gone.map((endpoint) => chime.deregisterOwnEndpoint(idOf(endpoint))));
    return gone.length;
  }
}
