/**
 * How the local endpoint behaves beyond answering: its quotas and its faults, from the environment,
 * for `npm start` and `npm run endpoint` alike (docs/configuration.md, docs/local-endpoint.md):
 *   LOCAL_AWS_QUOTAS       JSON object overriding resource quotas: {"membershipsPerChannel": 100}
 *   LOCAL_AWS_RATE_QUOTAS  off (default), on, or a JSON object of rate quotas to override (turns them on)
 *   LOCAL_AWS_FAULTS       JSON fault plan applied from the start: {"seed": 1, "rules": [...]}
 * A value that does not parse stops the start with a message naming the variable.
 */
import { parseResourceQuotas, type ResourceQuotas } from "../chime/quotas";
import { parseRateQuotas, type RateQuotaSettings } from "../chime/rateQuotas";
import { parseFaultPlan, type FaultPlan } from "../faults/faults";
import { SettingsError, type Env } from "./settings";

export interface EndpointBehaviour {
  quotas: Partial<ResourceQuotas>;
  /** Undefined: rate quotas off. */
  rateQuotas?: RateQuotaSettings;
  faults?: FaultPlan;
}

function read<T>(env: Env, variable: string, parse: (text: string) => T): T | undefined {
  const text = env[variable]?.trim();
  if (!text) return undefined;
  try {
    return parse(text);
  } catch (error) {
    throw new SettingsError(`${variable}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export function readEndpointBehaviour(env: Env): EndpointBehaviour {
  return {
    quotas: read(env, "LOCAL_AWS_QUOTAS", parseResourceQuotas) ?? {},
    rateQuotas: read(env, "LOCAL_AWS_RATE_QUOTAS", parseRateQuotas),
    faults: read(env, "LOCAL_AWS_FAULTS", parseFaultPlan),
  };
}

/** Lines for a start banner: what is not as on AWS by default (so nobody forgets a fault plan is on). */
export function describeBehaviour(behaviour: EndpointBehaviour): string[] {
  const lines: string[] = [];
  const overridden = Object.entries(behaviour.quotas);
  if (overridden.length > 0) {
    lines.push(
      `quotas overridden (LOCAL_AWS_QUOTAS): ${overridden.map(([name, value]) => `${name}=${value}`).join(", ")}`,
    );
  }
  if (behaviour.rateQuotas)
    lines.push("rate quotas on (LOCAL_AWS_RATE_QUOTAS): ThrottledClientException above AWS's rates");
  if (behaviour.faults?.rules.length) {
    lines.push(`faults on (LOCAL_AWS_FAULTS): ${behaviour.faults.rules.length} rule(s); GET /_local/faults shows them`);
  }
  return lines;
}
