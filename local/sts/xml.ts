/** The little XML STS answers with. */
const NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

export function escapeXml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c] ?? c,
  );
}

export type XmlValue = string | number | XmlElement[] | undefined;
export type XmlElement = [name: string, value: XmlValue];

function render(elements: XmlElement[]): string {
  return elements
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `<${name}>${Array.isArray(value) ? render(value) : escapeXml(String(value))}</${name}>`)
    .join("");
}

/** `<{Action}Response><{Action}Result>...</{Action}Result><ResponseMetadata>...</ResponseMetadata></...>` */
export function successXml(action: string, result: XmlElement[], requestId: string): string {
  return (
    `<${action}Response xmlns="${NAMESPACE}">` +
    render([
      [`${action}Result`, result],
      ["ResponseMetadata", [["RequestId", requestId]]],
    ]) +
    `</${action}Response>`
  );
}

/** The RequestId is a direct child of ErrorResponse, not inside ResponseMetadata. */
export function errorXml(type: string, code: string, message: string, requestId: string): string {
  return (
    `<ErrorResponse xmlns="${NAMESPACE}">` +
    render([
      [
        "Error",
        [
          ["Type", type],
          ["Code", code],
          ["Message", message],
        ],
      ],
      ["RequestId", requestId],
    ]) +
    `</ErrorResponse>`
  );
}
