/** Time-of-day and weekday of an instant, in UTC or an IANA time zone. */

export const DAY_MS = 86_400_000;

export interface CivilTime {
  /** Milliseconds since local midnight. */
  msOfDay: number;
  /** ISO weekday: Monday = 1 … Sunday = 7. */
  isoWeekday: number;
}

export type CivilClock = (epochMs: number) => CivilTime;

export function utcCivil(epochMs: number): CivilTime {
  const days = Math.floor(epochMs / DAY_MS);
  return { msOfDay: epochMs - days * DAY_MS, isoWeekday: (((days + 3) % 7) + 7) % 7 + 1 };
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A clock reading civil time in `zone` (IANA name). `UTC` gets the arithmetic fast path. */
export function civilClock(zone: string | undefined): CivilClock {
  if (!zone || zone === 'UTC' || zone === 'Etc/UTC') return utcCivil;
  const format = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit',
  });
  return (epochMs) => {
    let hour = 0, minute = 0, second = 0, weekday = 1;
    for (const part of format.formatToParts(epochMs)) {
      if (part.type === 'hour') hour = Number(part.value);
      else if (part.type === 'minute') minute = Number(part.value);
      else if (part.type === 'second') second = Number(part.value);
      else if (part.type === 'weekday') weekday = WEEKDAYS[part.value] ?? 1;
    }
    const ms = ((epochMs % 1000) + 1000) % 1000;
    return { msOfDay: ((hour * 60 + minute) * 60 + second) * 1000 + ms, isoWeekday: weekday };
  };
}

/**
 * Parses `HH:MM` as the reference does: surrounding spaces ignored, `9:5` is 09:05, parts after
 * the minutes are ignored (`17:00:59` is 17:00). Returns milliseconds since midnight, or a reason.
 */
export function parseTimeOfDay(value: string): number | string {
  const parts = value.trim().split(':');
  if (parts.length < 2) return `"${value}" is not a time: write it as "HH:MM" (for example "18:00")`;
  const [h, m] = parts as [string, string];
  if (!/^\s*[+-]?\d+\s*$/.test(h) || !/^\s*[+-]?\d+\s*$/.test(m)) return `"${value}" is not a time: hours and minutes must be numbers ("HH:MM")`;
  const hours = Number(h);
  const minutes = Number(m);
  if (hours < 0 || hours > 23) return `"${value}": the hour must be between 0 and 23`;
  if (minutes < 0 || minutes > 59) return `"${value}": the minutes must be between 0 and 59`;
  return (hours * 60 + minutes) * 60_000;
}
