/**
 * What the moderation processor decides about a message's content, as a pure function: listed words
 * (and phrases), and personal data (e-mail addresses, phone numbers, payment card numbers), each
 * either denying the message or masking what was found. Nothing here knows of Chime or Lambda.
 *
 * Words match whole words, whatever their case, width or accents ("Ünicode" matches "unicode"; a
 * listed "ass" does not match "class"); a phrase matches its words in a row, whatever separates them.
 * Spelling tricks (l33t, inserted dots) are not chased: a list is a first line, not a classifier.
 */
import { findPersonalData, type PersonalDataKind } from "./personalData";

export type ModerationAction = "deny" | "mask";

export interface ModerationPolicy {
  /** Listed words and phrases (any case). */
  words: string[];
  wordAction: ModerationAction;
  /** The kinds of personal data looked for. */
  personalData: PersonalDataKind[];
  personalDataAction: ModerationAction;
}

export type ModerationOutcome =
  { action: "allow" } | { action: "mask"; content: string; found: string[] } | { action: "deny"; reason: string };

interface Span {
  start: number;
  end: number;
  replacement: string;
}

const WORD = /[\p{L}\p{N}]+/gu;

/** Lower case, compatibility forms folded (full-width letters), accents dropped. */
function normalize(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

function tokens(text: string): { start: number; end: number; key: string }[] {
  return [...text.matchAll(WORD)].map((match) => ({
    start: match.index,
    end: match.index + match[0].length,
    key: normalize(match[0]),
  }));
}

/** The spans of listed words and phrases in `text`, each masked with as many `*` as it has characters. */
function findListedWords(text: string, listed: string[][]): Span[] {
  const words = tokens(text);
  const spans: Span[] = [];
  for (let i = 0; i < words.length; i++) {
    const phrase = listed.find((keys) => keys.every((key, j) => words[i + j]?.key === key));
    if (!phrase) continue;
    for (const word of words.slice(i, i + phrase.length)) {
      const length = [...text.slice(word.start, word.end)].length;
      spans.push({ start: word.start, end: word.end, replacement: "*".repeat(length) });
    }
    i += phrase.length - 1;
  }
  return spans;
}

function applySpans(text: string, spans: Span[]): string {
  let result = "";
  let at = 0;
  for (const span of [...spans].sort((a, b) => a.start - b.start)) {
    if (span.start < at) continue; // overlapping: the first one masked it already
    result += text.slice(at, span.start) + span.replacement;
    at = span.end;
  }
  return result + text.slice(at);
}

const REASONS: Record<PersonalDataKind | "word", string> = {
  word: "The message contains a listed word.",
  email: "The message contains an e-mail address.",
  phone: "The message contains a phone number.",
  card: "The message contains a payment card number.",
};

/** Compiles the policy's word list once (the processor keeps it for the container's life). */
export function createModerator(policy: ModerationPolicy): (content: string) => ModerationOutcome {
  const listed = policy.words
    .map((entry) => tokens(entry).map((token) => token.key))
    .filter((phrase) => phrase.length > 0);
  return (content) => {
    const words = listed.length > 0 ? findListedWords(content, listed) : [];
    if (words.length > 0 && policy.wordAction === "deny") return { action: "deny", reason: REASONS.word };
    const personal = findPersonalData(content, policy.personalData);
    if (personal.length > 0 && policy.personalDataAction === "deny") {
      return { action: "deny", reason: REASONS[personal[0].kind] };
    }
    if (words.length === 0 && personal.length === 0) return { action: "allow" };
    const spans = [...words, ...personal.map(({ start, end, kind }) => ({ start, end, replacement: `[${kind}]` }))];
    const found = [...(words.length > 0 ? ["word"] : []), ...new Set(personal.map((p) => p.kind))];
    return { action: "mask", content: applySpans(content, spans), found };
  };
}
