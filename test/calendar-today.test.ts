import { describe, expect, it } from "vitest";
import { nowIn, todayIn } from "../src/calendar/today.js";

/** Instants from 1975 to 2100, on and around local midnights, second fractions included. */
function instants(): Date[] {
  const out: Date[] = [];
  for (let t = Date.UTC(1975, 5, 12, 16); t < Date.UTC(2100, 0, 1); t += 7 * 86_400_000 + 3_601_250)
    out.push(new Date(t));
  for (const iso of [
    "2025-03-19T16:59:59.999Z",
    "2025-03-19T17:00:00.000Z",
    "2024-12-31T17:00:00Z",
    "2024-02-28T17:00:00Z",
  ])
    out.push(new Date(iso));
  return out;
}

describe("the local time of Vietnam", () => {
  it("is the time Intl gives for a zone fixed at +07:00, at every instant since June 1975", () => {
    for (const at of instants()) {
      // Etc/GMT-7 is +07:00 by definition, and always read through Intl
      expect([at.toISOString(), nowIn("Asia/Ho_Chi_Minh", at)]).toEqual([at.toISOString(), nowIn("Etc/GMT-7", at)]);
      expect(todayIn("Asia/Ho_Chi_Minh", at)).toBe(todayIn("Etc/GMT-7", at));
      expect(nowIn("Asia/Saigon", at)).toBe(nowIn("Etc/GMT-7", at));
    }
  });

  it("follows the zone's history before then (+08:00 until 13 June 1975)", () => {
    expect(nowIn("Asia/Ho_Chi_Minh", new Date("1975-06-12T15:59:59Z"))).toBe("1975-06-12T23:59:59+08:00");
    expect(nowIn("Asia/Ho_Chi_Minh", new Date("1975-06-12T16:00:00Z"))).toBe("1975-06-12T23:00:00+07:00");
  });

  it("keeps other zones' own offsets", () => {
    expect(nowIn("Europe/Berlin", new Date("2025-07-01T10:00:00Z"))).toBe("2025-07-01T12:00:00+02:00");
    expect(todayIn("America/New_York", new Date("2025-03-20T03:00:00Z"))).toBe("2025-03-19");
  });
});
