// Dates and times for publishing. Publication times are shown and entered in Europe/Brussels,
// whatever the browser's own time zone; calendar days are civil dates ("YYYY-MM-DD") computed
// with UTC arithmetic so that daylight-saving changes never shift a day. No imports: the unit
// tests load this file on its own.

export const BRUSSELS = 'Europe/Brussels';

/** A civil date, "YYYY-MM-DD". */
export type Ymd = string;

const formatters = new Map<string, Intl.DateTimeFormat>();

function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The wall-clock fields of an instant in a time zone. */
export function zonedParts(instant: Date | string | number, timeZone = BRUSSELS): { year: number; month: number; day: number; hour: number; minute: number } | null {
  const d = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(d.getTime())) return null;
  const out: Record<string, number> = {};
  for (const p of partsFormatter(timeZone).formatToParts(d)) {
    if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  return { year: out.year!, month: out.month!, day: out.day!, hour: (out.hour ?? 0) % 24, minute: out.minute ?? 0 };
}

/** The civil date of an instant in a time zone (Brussels by default); null when invalid. */
export function dayInZone(instant: Date | string | number, timeZone = BRUSSELS): Ymd | null {
  const p = zonedParts(instant, timeZone);
  return p ? `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}` : null;
}

/** "YYYY-MM-DDTHH:MM" wall-clock time of an instant in a time zone (for <input type="datetime-local">). */
export function localDateTimeInZone(instant: Date | string | number, timeZone = BRUSSELS): string | null {
  const p = zonedParts(instant, timeZone);
  return p ? `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}T${pad(p.hour)}:${pad(p.minute)}` : null;
}

/** True for an existing civil date written "YYYY-MM-DD". */
export function isYmd(s: string | null | undefined): s is Ymd {
  if (!s || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const [y, m, d] = s.split('-').map(Number) as [number, number, number];
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** Midnight UTC of a civil date: format it with timeZone 'UTC' to print that date. */
export function ymdToDate(ymd: Ymd): Date {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d));
}

function fromDate(d: Date): Ymd {
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function addDays(ymd: Ymd, n: number): Ymd {
  const d = ymdToDate(ymd);
  d.setUTCDate(d.getUTCDate() + n);
  return fromDate(d);
}

/** Monday = 0 … Sunday = 6 (weeks start on Monday in Belgium). */
export function weekdayIndex(ymd: Ymd): number {
  return (ymdToDate(ymd).getUTCDay() + 6) % 7;
}

export function startOfWeek(ymd: Ymd): Ymd {
  return addDays(ymd, -weekdayIndex(ymd));
}

export function startOfMonth(ymd: Ymd): Ymd {
  return `${ymd.slice(0, 7)}-01`;
}

/** The first day of the month `n` months after the one of `ymd`. */
export function addMonths(ymd: Ymd, n: number): Ymd {
  const d = ymdToDate(startOfMonth(ymd));
  d.setUTCMonth(d.getUTCMonth() + n);
  return fromDate(d);
}

/** The seven days of the week (Monday first) that contains `ymd`. */
export function weekOf(ymd: Ymd): Ymd[] {
  const first = startOfWeek(ymd);
  return Array.from({ length: 7 }, (_, i) => addDays(first, i));
}

/** The weeks (Monday first) covering the month of `ymd`; days outside the month are included. */
export function monthWeeks(ymd: Ymd): Ymd[][] {
  const first = startOfMonth(ymd);
  const next = addMonths(first, 1);
  const weeks: Ymd[][] = [];
  for (let day = startOfWeek(first); day < next; day = addDays(day, 7)) weeks.push(weekOf(day));
  return weeks;
}

/**
 * The instant (ISO 8601, UTC) of a wall-clock time "YYYY-MM-DDTHH:MM" in a time zone, for APIs that
 * take an instant; null when the text is not such a time or the time does not exist there (the hour
 * skipped when clocks move forward). An hour that occurs twice (clocks moving back) takes the first.
 */
export function zonedLocalToIso(local: string, timeZone = BRUSSELS): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!m) return null;
  const [y, mo, d, h, mi] = m.slice(1).map(Number) as [number, number, number, number, number];
  if (!isYmd(`${m[1]}-${m[2]}-${m[3]}`) || h > 23 || mi > 59) return null;
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  // Try the offsets the zone has around that time; keep the earliest instant that shows this wall time.
  const candidates: number[] = [];
  for (const probe of [wall - 36 * 3600_000, wall, wall + 36 * 3600_000]) {
    const p = zonedParts(probe, timeZone);
    if (!p) return null;
    const offset = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) - probe;
    candidates.push(wall - offset);
  }
  const hits = [...new Set(candidates)].filter((c) => localDateTimeInZone(c, timeZone) === local).sort((a, b) => a - b);
  return hits.length ? new Date(hits[0]!).toISOString() : null;
}
