// When a schedule trigger fires next: OwnPilot keeps a 5-field cron expression in the trigger's
// config (`{ cron: '0 8 * * *', timezone?: … }`) and sets next_fire to its next occurrence when the
// trigger is created, enabled and after each fire. Internal: not exported from the system's index.
import { CronExpressionParser } from 'cron-parser';
import { sql } from 'drizzle-orm';
import { type AnyDb, narrowDb, rowsOf } from '../db';
import { MAX_TIMESTAMP } from '../input';

/**
 * The database's now() in whole milliseconds: the clock claims compare next_fire with, so the
 * next occurrence is computed from it, not from this process's clock.
 */
export const nowMs = sql<number>`floor(extract(epoch from now()) * 1000)::float8`.mapWith(Number);

/** The database's now() (the caller's transaction time inside a transaction). */
export async function databaseNow(db: AnyDb): Promise<Date> {
  narrowDb(db);
  const [row] = rowsOf<{ ms: unknown }>(await db.execute(sql`select ${nowMs} as ms`));
  return new Date(Number(row?.ms));
}

/** OwnPilot's cron format: minute hour day-of-month month day-of-week. */
export const CRON_FIELDS = 5;

/**
 * The time zone a schedule's cron is read in: an IANA name (`Europe/Paris`), else UTC. OwnPilot's
 * create_trigger tool stores `'local'` (the gateway's own zone); a database package has no such
 * zone, so `'local'` and an absent timezone read the cron in UTC.
 */
function zoneOf(timezone: unknown): string | undefined {
  if (timezone === undefined || timezone === null || timezone === 'local') return 'UTC';
  if (typeof timezone !== 'string' || timezone === '') return undefined;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return timezone;
  } catch {
    return undefined;
  }
}

type Schedule = { cron: string; zone: string };

/** The schedule of a config, or why it is not one (a message for people). */
export function scheduleOf(config: unknown): Schedule | string {
  const c = (typeof config === 'object' && config !== null ? config : {}) as Record<string, unknown>;
  if (typeof c.cron !== 'string') return 'a schedule trigger needs config.cron (e.g. "0 8 * * *")';
  const cron = c.cron.trim();
  if (cron.split(/\s+/).length !== CRON_FIELDS)
    return `config.cron must have ${CRON_FIELDS} fields (minute hour day month weekday): "${c.cron}"`;
  const zone = zoneOf(c.timezone);
  if (zone === undefined) return 'config.timezone must be an IANA time zone name (or "local", read as UTC)';
  try {
    CronExpressionParser.parse(cron, { tz: zone });
  } catch (error) {
    return `config.cron is not a valid cron expression: ${(error as Error).message}`;
  }
  return { cron, zone };
}

/**
 * The first occurrence of the config's cron strictly after `from`, or null when the config is not
 * a valid schedule or has no occurrence before year 10000 (PostgreSQL and JS both store it).
 */
export function nextFireAfter(config: unknown, from: Date): Date | null {
  const schedule = scheduleOf(config);
  if (typeof schedule === 'string') return null;
  try {
    const next = CronExpressionParser.parse(schedule.cron, { tz: schedule.zone, currentDate: from })
      .next()
      .toDate();
    return next.getTime() <= MAX_TIMESTAMP.getTime() ? next : null;
  } catch {
    return null;
  }
}
