/** The DateTime scalar's output: the same text as Date#toISOString, for any date. */
import { isoString } from "../../src/graphql/scalars";

test("isoString writes what toISOString writes, over the years Chime gives and beyond", () => {
  const edges = [
    0,
    Date.UTC(999, 11, 31, 23, 59, 59, 999),
    Date.UTC(1000, 0, 1),
    Date.UTC(2026, 11, 2, 9, 5, 7, 3),
    Date.UTC(2026, 1, 28, 23, 59, 59, 990),
    Date.UTC(2028, 1, 29, 12),
    Date.UTC(9999, 11, 31, 23, 59, 59, 999),
    Date.UTC(10000, 0, 1),
    -1,
    -62198755200001,
    8.64e15,
    -8.64e15,
  ];
  // A seeded walk over ±300,000 years, milliseconds included.
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const spread = Array.from({ length: 20_000 }, () => Math.round((random() * 2 - 1) * 8.64e15 * random() ** 3));
  for (const time of [...edges, ...spread]) {
    const date = new Date(time);
    expect(isoString(date)).toBe(date.toISOString());
  }
});
