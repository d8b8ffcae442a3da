/** The moderation processor's decisions, as a pure function: words, phrases and personal data. */
import { passesLuhn, findPersonalData } from "../../src/moderation/personalData";
import { createModerator, type ModerationPolicy } from "../../src/moderation/policy";

const policy = (overrides: Partial<ModerationPolicy> = {}): ModerationPolicy => ({
  words: ["darn", "fudge cake"],
  wordAction: "deny",
  personalData: ["email", "phone", "card"],
  personalDataAction: "mask",
  ...overrides,
});

describe("listed words", () => {
  const moderate = createModerator(policy());

  test("a listed word denies the message, whatever its case, width or accents", () => {
    for (const text of ["well DARN it", "Darn.", "ｄａｒｎ", "dárn again"]) {
      expect(moderate(text)).toEqual({ action: "deny", reason: "The message contains a listed word." });
    }
  });

  test("only whole words count; a phrase counts with its words in a row", () => {
    expect(moderate("darnation and darned")).toEqual({ action: "allow" });
    expect(moderate("fudge, cake!")).toMatchObject({ action: "deny" });
    expect(moderate("fudge and cake")).toEqual({ action: "allow" });
  });

  test("with mask, each letter of a listed word becomes *, and the rest is kept", () => {
    const mask = createModerator(policy({ wordAction: "mask" }));
    expect(mask("Well, darn it: fudge cake again")).toEqual({
      action: "mask",
      content: "Well, **** it: ***** **** again",
      found: ["word"],
    });
  });

  test("an empty list allows everything", () => {
    expect(createModerator(policy({ words: [] }))("darn")).toEqual({ action: "allow" });
  });
});

describe("personal data", () => {
  const moderate = createModerator(policy());

  test("e-mail addresses, phone numbers and card numbers are masked by kind", () => {
    expect(moderate("mail ana.lopez+chat@example.co.uk or call +44 20 7946 0958, card 4111 1111 1111 1111")).toEqual({
      action: "mask",
      content: "mail [email] or call [phone], card [card]",
      found: ["email", "phone", "card"],
    });
  });

  test("with deny, the first kind found is the reason", () => {
    const deny = createModerator(policy({ personalDataAction: "deny" }));
    expect(deny("reach me at (555) 123-4567")).toEqual({
      action: "deny",
      reason: "The message contains a phone number.",
    });
  });

  test("numbers that are not a card (Luhn), nor a phone number, are left alone", () => {
    expect(moderate("order 4111 1111 1111 1112 shipped")).toEqual({ action: "allow" });
    expect(moderate("meet on 2026-03-01 at 10:30, room 4021, costs 1,250.00")).toEqual({ action: "allow" });
  });

  test("only the kinds asked for", () => {
    expect(createModerator(policy({ personalData: ["card"] }))("me@example.com")).toEqual({ action: "allow" });
  });
});

test("the Luhn check", () => {
  expect(passesLuhn("4111111111111111")).toBe(true);
  expect(passesLuhn("5500005555555559")).toBe(true);
  expect(passesLuhn("4111111111111112")).toBe(false);
});

test("a card number is not reported again as a phone number", () => {
  expect(findPersonalData("5500-0055-5555-5559", ["phone", "card"]).map((f) => f.kind)).toEqual(["card"]);
});
