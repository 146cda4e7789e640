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
  const parts = formatter(timeZone, false).formatToParts(now);
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")}`;
}

/** Current instant as an ISO string with the zone's offset, e.g. 2025-03-20T09:15:00+07:00. */
export function nowIn(timeZone = "Asia/Ho_Chi_Minh", now: Date = new Date()): string {
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
