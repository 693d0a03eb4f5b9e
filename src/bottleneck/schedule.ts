import { CronExpressionParser } from 'cron-parser';
import { MAX_TIMESTAMP } from '../input';
import { fail, ok, type Result } from '../result';
import type { scheduledBrowserTasksScheduleTypeValues } from './tables/workflows';

/** The columns of a scheduled_browser_tasks row that decide when it runs. */
export interface TaskSchedule {
  scheduleType: (typeof scheduledBrowserTasksScheduleTypeValues)[number];
  cronExpression: string;
  timezone: string;
}

export const nextScheduledRunErrors = ['INVALID_SCHEDULE'] as const;
export type NextScheduledRunError = (typeof nextScheduledRunErrors)[number];

/** The macros a daily/weekly/monthly task may use, as the five fields they stand for. */
const MACROS: Record<string, string> = {
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@weekly': '0 0 * * 0',
  '@monthly': '0 0 1 * *',
};
const ANY = new Set(['*', '?']);
const SINGLE = /^\d{1,2}$/;

/**
 * What a daily/weekly/monthly expression must look like: once a day at one time (minute, hour and
 * any seconds field single numbers), every day / on chosen weekdays / on chosen days of the month.
 * The original's UI writes exactly these (`m h * * *`, `m h * * d`, `m h d * *`).
 */
function shapeProblem(type: TaskSchedule['scheduleType'], expression: string): string | undefined {
  const fields = (MACROS[expression.toLowerCase()] ?? expression).split(/\s+/);
  // cron-parser fills in missing fields ("* * * *" would be every minute): require them all.
  if (!expression.startsWith('@') && fields.length !== 5 && fields.length !== 6) {
    return 'a cron expression has 5 fields (minute hour day-of-month month day-of-week), or 6 with seconds first';
  }
  if (type === 'cron' || type === 'once') return undefined;
  if (fields.length === 6) {
    if (!SINGLE.test(fields[0]!)) return `a ${type} schedule runs at one time: a single seconds value`;
    fields.shift();
  }
  if (fields.length !== 5)
    return `a ${type} schedule needs 5 fields (minute hour day-of-month month day-of-week)`;
  const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
  if (!SINGLE.test(minute) || !SINGLE.test(hour)) {
    return `a ${type} schedule runs once a day: minute and hour must be single numbers`;
  }
  if (!ANY.has(month)) return `a ${type} schedule runs every month: the month field must be *`;
  const domAny = ANY.has(dom);
  const dowAny = ANY.has(dow);
  if (type === 'daily' && !(domAny && dowAny))
    return 'a daily schedule has * as day of month and day of week';
  if (type === 'weekly' && !(domAny && !dowAny)) {
    return 'a weekly schedule names its days of the week, with * as day of month';
  }
  if (type === 'monthly' && !(!domAny && dowAny)) {
    return 'a monthly schedule names its days of the month, with * as day of week';
  }
  return undefined;
}

/**
 * The next run of a schedule strictly after `after` (pure: no clock, no database).
 *
 * - daily / weekly / monthly / cron: the first occurrence of `cronExpression` in `timezone` after
 *   `after` (5 fields, or 6 with seconds first; `H` is hashed with the expression as seed, so the
 *   same expression always gives the same times). daily/weekly/monthly expressions must have the
 *   shape their type names (see `shapeProblem`).
 * - once: the first occurrence until the task has run (`hasRun`), then none (`nextRun: null`).
 * - An occurrence past 9999-12-31 (what a timestamp column and the rest of the package accept) is
 *   none either.
 *
 * Across daylight-saving changes (cron-parser, Luxon): a wall-clock time that does not exist that
 * day (02:30 in New York on the March change) runs once, one hour later by the clock (03:30 EDT);
 * a time that exists twice (01:30 in London on the October change) runs once, at its first
 * occurrence. An invalid expression or IANA time zone is INVALID_SCHEDULE, never a throw.
 */
export function nextScheduledRun(
  schedule: TaskSchedule,
  after: Date,
  options: { hasRun?: boolean } = {},
): Result<{ nextRun: Date | null }, NextScheduledRunError> {
  if (schedule.scheduleType === 'once' && options.hasRun) return ok({ nextRun: null });
  if (!(after instanceof Date) || Number.isNaN(after.getTime())) {
    return fail('INVALID_SCHEDULE', 'the reference time is not a valid date');
  }
  const expression = String(schedule.cronExpression).trim();
  if (expression === '') return fail('INVALID_SCHEDULE', 'the cron expression is empty');
  const shape = shapeProblem(schedule.scheduleType, expression);
  if (shape) return fail('INVALID_SCHEDULE', `cron expression "${expression}": ${shape}`);
  if (!validTimeZone(schedule.timezone)) {
    return fail('INVALID_SCHEDULE', `"${schedule.timezone}" is not an IANA time zone`);
  }
  try {
    const next = CronExpressionParser.parse(expression, {
      currentDate: after,
      tz: schedule.timezone,
      hashSeed: expression,
    })
      .next()
      .toDate();
    if (Number.isNaN(next.getTime()))
      return fail('INVALID_SCHEDULE', `cron expression "${expression}" has no next run`);
    return ok({ nextRun: next.getTime() > MAX_TIMESTAMP.getTime() ? null : next });
  } catch (error) {
    return fail(
      'INVALID_SCHEDULE',
      `cron expression "${expression}" in ${schedule.timezone}: ${(error as Error)?.message ?? String(error)}`,
    );
  }
}

/** An IANA zone name Intl knows (offsets such as "+05:00" are refused: they have no daylight-saving rules). */
function validTimeZone(zone: unknown): boolean {
  if (typeof zone !== 'string' || zone === '' || /^[+-]/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
