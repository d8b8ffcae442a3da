/**
 * Personal data in free text: e-mail addresses, phone numbers and payment card numbers, found by
 * pattern, cards confirmed by their Luhn check digit (ISO/IEC 7812), so that an order number of the
 * same length is left alone. Pure: no I/O.
 */
export type PersonalDataKind = "email" | "phone" | "card";

export const PERSONAL_DATA_KINDS: readonly PersonalDataKind[] = ["email", "phone", "card"];

export interface Found {
  kind: PersonalDataKind;
  start: number;
  end: number;
}

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
/** 13 to 19 digits (ISO/IEC 7812 card numbers), single spaces or dashes allowed between them. */
const CARD = /(?<![\p{N}\p{L}])\d(?:[ -]?\d){12,18}(?![\p{N}\p{L}])/gu;
/**
 * A phone number: an optional `+` or `00`, then digits in groups separated by a space, dot, dash or
 * parentheses. It counts if it has 9 to 15 digits (E.164's maximum), or 7 or more after a `+`: fewer
 * digits are more often dates, times, prices or codes than numbers to call.
 */
const PHONE = /(?<![\p{N}\p{L}+])(?:\+|00)?\(?\d(?:[ .-]?\(?\d\)?){5,18}(?![\p{N}\p{L}])/gu;

const digitsOf = (text: string) => text.replace(/\D/g, "");

/** The Luhn check: doubling every second digit from the right, the sum is a multiple of 10. */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

function isPhoneNumber(text: string): boolean {
  const digits = digitsOf(text).length;
  if (digits > 15) return false;
  return text.startsWith("+") ? digits >= 7 : digits >= 9;
}

/** What of `kinds` the text holds, in order; a span found once is never reported again as another kind. */
export function findPersonalData(text: string, kinds: readonly PersonalDataKind[]): Found[] {
  const found: Found[] = [];
  const overlaps = (start: number, end: number) => found.some((f) => start < f.end && f.start < end);
  const collect = (kind: PersonalDataKind, pattern: RegExp, accept: (match: string) => boolean) => {
    if (!kinds.includes(kind)) return;
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      const end = start + match[0].length;
      if (accept(match[0]) && !overlaps(start, end)) found.push({ kind, start, end });
    }
  };
  collect("email", EMAIL, () => true);
  collect("card", CARD, (match) => passesLuhn(digitsOf(match)));
  collect("phone", PHONE, isPhoneNumber);
  return found.sort((a, b) => a.start - b.start);
}
