/**
 * Zones whose UTC offset has not changed since a moment (tz database): their local time is a sum, with no Intl
 * formatter, whose first making costs each start-up ~12 ms (it loads the zone data). Vietnam keeps +07 since
 * 13 June 1975; an instant before that, and every other zone, goes through Intl.
 */
const steadyZones: ReadonlyMap<string, { offsetMinutes: number; since: number }> = new Map(
  ["Asia/Ho_Chi_Minh", "Asia/Saigon"].map((zone) => [zone, { offsetMinutes: 420, since: Date.UTC(1975, 5, 12, 16) }]),
);

/** The local date and time of an instant in a steady zone, with its offset; null when the zone is not one then. */
function steadyLocal(timeZone: string, now: Date): { day: string; time: string; offset: string } | null {
  const z = steadyZones.get(timeZone);
  const t = now.getTime();
  if (!z || !(t >= z.since) || t > 8.64e15 - 86_400_000) return null;
  const local = new Date(Math.floor(t / 1000) * 1000 + z.offsetMinutes * 60_000).toISOString();
  // a year beyond 9999 has no plain ISO form: Intl's way then
  if (local.length !== 24) return null;
  const abs = Math.abs(z.offsetMinutes);
  const offset = `${z.offsetMinutes >= 0 ? "+" : "-"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return { day: local.slice(0, 10), time: local.slice(11, 19), offset };
}

// a formatter per time zone and shape, made once: making one costs far more than using it (nowIn runs per inbox file)
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${timeZone}\u0000${withTime}`;
  let f = formatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      ...(withTime ? { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" } : {}),
    });
    formatters.set(key, f);
  }
  return f;
}

/** Today's date in a time zone (default Asia/Ho_Chi_Minh), as YYYY-MM-DD. The only clock read in the program. */
export function todayIn(timeZone = "Asia/Ho_Chi_Minh", now: Date = new Date()): string {
  const steady = steadyLocal(timeZone, now);
  if (steady) return steady.day;
  const parts = formatter(timeZone, false).formatToParts(now);
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** Current instant as an ISO string with the zone's offset, e.g. 2025-03-20T09:15:00+07:00. */
export function nowIn(timeZone = "Asia/Ho_Chi_Minh", now: Date = new Date()): string {
  const steady = steadyLocal(timeZone, now);
  if (steady) return `${steady.day}T${steady.time}${steady.offset}`;
  const parts = formatter(timeZone, true).formatToParts(now);
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? "00";
  const local = Date.UTC(+get("year"), +get("month") - 1, +get("day"), +get("hour"), +get("minute"), +get("second"));
  const offsetMin = Math.round((local - Math.floor(now.getTime() / 1000) * 1000) / 60000);
  const sign = offsetMin >= 0 ? "+" : "-";
  const abs = Math.abs(offsetMin);
  const off = `${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return `${get("year")}-${get("month")}-${get("day")}T${get("hour")}:${get("minute")}:${get("second")}${off}`;
}

/** The local calendar day of an ISO timestamp with offset ("2025-03-20T23:30:00+07:00" → 2025-03-20). */
export function localDayOf(timestamp: string): string {
  return timestamp.slice(0, 10);
}
