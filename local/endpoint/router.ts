import type { OperationModel } from "./model";

export interface RouteMatch {
  operation: OperationModel;
  /** Path labels, percent-decoded segment by segment. */
  labels: Record<string, string>;
}

/**
 * Finds the operation for a request. The raw path is split on `/` before percent-decoding, because
 * the SDKs send ARNs as single segments with `/` encoded as `%2F`. Routes whose literal query
 * discriminators are present win over the bare path (`GET /channels?scope=...` before `GET /channels`).
 *
 * Empty segments are kept: `/channels//messages/x` is GetChannelMessage with an empty ChannelArn, which
 * validation then refuses as the model says (400, the label's length), rather than another operation
 * whose template happens to have as many non-empty segments. No SDK sends an empty label (they refuse
 * it before sending), so this reading only meets hand-made requests.
 */
export class Router {
  private readonly routes: OperationModel[];

  constructor(operations: readonly OperationModel[]) {
    const specificity = (op: OperationModel) => Object.keys(op.queryLiterals).length;
    this.routes = [...operations].sort((a, b) => specificity(b) - specificity(a));
  }

  match(method: string, rawPath: string, query: URLSearchParams): RouteMatch | undefined {
    const segments = rawPath.replace(/^\//, "").split("/");
    for (const operation of this.routes) {
      if (operation.method !== method || operation.pathSegments.length !== segments.length) continue;
      if (!Object.entries(operation.queryLiterals).every(([key, value]) => query.get(key) === value)) continue;
      const labels = matchSegments(operation.pathSegments, segments);
      if (labels) return { operation, labels };
    }
    return undefined;
  }
}

function matchSegments(template: string[], segments: string[]): Record<string, string> | undefined {
  const labels: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const part = template[i];
    let segment: string;
    try {
      segment = decodeURIComponent(segments[i]);
    } catch {
      return undefined;
    }
    if (part.startsWith("{") && part.endsWith("}")) labels[part.slice(1, -1)] = segment;
    else if (part !== segment) return undefined;
  }
  return labels;
}
