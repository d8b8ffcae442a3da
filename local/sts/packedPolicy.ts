/**
 * PackedPolicySize, and PackedPolicyTooLarge above 100, as STS computes them: approximately.
 *
 * What AWS documents (AssumeRole, API reference): "An AWS conversion compresses the passed inline
 * session policy, managed policy ARNs, and session tags into a packed binary format that has a
 * separate limit"; PackedPolicySize is "the packed size of the session policies and session tags
 * combined" as a percentage of that limit, and "the request fails if the packed size is greater than
 * 100 percent". The format and the limit are AWS's own and unpublished, so this is a model, calibrated
 * on what AWS is seen to answer:
 *
 * - Session tags are counted as their keys' and values' UTF-8 bytes, not compressed: AssumeRole with 9
 *   tags of a 2-character key and a value of 250 "a" answered "Packed size of session tags consumes
 *   498% of allotted space" (a compressor would have shrunk that value to almost nothing). 9 x 252 bytes
 *   at 498% puts the tags' allotment at about 456 bytes, which also fits the observation that a few
 *   long tags fill it long before the 50-tag limit.
 * - The session policy is counted compressed, as documented: its JSON without insignificant whitespace,
 *   DEFLATE-compressed, against 2,048 bytes (the plaintext limit), so that any policy within the
 *   plaintext limit fits when no tags crowd it. A small policy alone comes out at a few percent, as AWS
 *   reports for one (PackedPolicySize 5 or 6 in its examples).
 * - The two shares add up ("combined"), and tags inherited from the calling session count as the
 *   request's own (they are packed into the new session too).
 */
import { deflateRawSync } from "node:zlib";
import { StsError } from "./errors";

const TAG_ALLOTMENT_BYTES = 456;
const POLICY_ALLOTMENT_BYTES = 2048;

export interface PackedSize {
  /** What AssumeRole answers as PackedPolicySize (a percentage, rounded up). */
  percent: number;
}

/** The packed size of a session's policy and tags; throws PackedPolicyTooLarge above 100%. */
export function packedPolicySize(sessionPolicy: string | null, tags: Record<string, string>): PackedSize {
  const tagBytes = Object.entries(tags).reduce(
    (sum, [key, value]) => sum + Buffer.byteLength(key) + Buffer.byteLength(value),
    0,
  );
  const policyBytes = sessionPolicy === null ? 0 : deflateRawSync(JSON.stringify(JSON.parse(sessionPolicy))).length;
  const percent = Math.ceil(100 * (tagBytes / TAG_ALLOTMENT_BYTES + policyBytes / POLICY_ALLOTMENT_BYTES));
  if (percent > 100) {
    // AWS's wording for tags; the same sentence names the policy when there is one (reading).
    const what =
      sessionPolicy === null ? "session tags" : tagBytes === 0 ? "session policy" : "session policy and session tags";
    throw new StsError("PackedPolicyTooLarge", 400, `Packed size of ${what} consumes ${percent}% of allotted space.`);
  }
  return { percent };
}
