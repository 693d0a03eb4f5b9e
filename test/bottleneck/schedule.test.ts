import { describe, expect, it } from 'vitest';
import { nextScheduledRun, type TaskSchedule } from '../../src/bottleneck';

/** The next `n` runs the runner would set, each computed from the previous one (as at completion). */
function runs(schedule: TaskSchedule, from: string, n: number): string[] {
  const out: string[] = [];
  let after = new Date(from);
  for (let i = 0; i < n; i++) {
    const r = nextScheduledRun(schedule, after, { hasRun: true });
    if (!r.success || r.nextRun === null) throw new Error(`no next run: ${JSON.stringify(r)}`);
    out.push(r.nextRun.toISOString());
    after = r.nextRun;
  }
  return out;
}

const daily = (cronExpression: string, timezone: string): TaskSchedule => ({
  scheduleType: 'daily',
  cronExpression,
  timezone,
});

describe('nextScheduledRun across daylight-saving changes', () => {
  it('daily 02:30 in New York, March: the missing 02:30 runs once, at 03:30 EDT; then 02:30 EDT', () => {
    // 2026-03-08 02:00 EST → 03:00 EDT
    expect(runs(daily('30 2 * * *', 'America/New_York'), '2026-03-06T12:00:00Z', 4)).toEqual([
      '2026-03-07T07:30:00.000Z', // 02:30 EST
      '2026-03-08T07:30:00.000Z', // 03:30 EDT (02:30 does not exist)
      '2026-03-09T06:30:00.000Z', // 02:30 EDT
      '2026-03-10T06:30:00.000Z',
    ]);
  });

  it('daily 02:30 in New York, November: exactly one run on the change day, at 02:30 EST', () => {
    // 2026-11-01 02:00 EDT → 01:00 EST
    expect(runs(daily('30 2 * * *', 'America/New_York'), '2026-10-30T12:00:00Z', 3)).toEqual([
      '2026-10-31T06:30:00.000Z', // 02:30 EDT
      '2026-11-01T07:30:00.000Z', // 02:30 EST
      '2026-11-02T07:30:00.000Z',
    ]);
  });

  it('daily 01:30 in New York, November: the twice-occurring 01:30 runs once (the first, EDT)', () => {
    expect(runs(daily('30 1 * * *', 'America/New_York'), '2026-10-31T12:00:00Z', 2)).toEqual([
      '2026-11-01T05:30:00.000Z', // 01:30 EDT; 06:30Z (01:30 EST) is skipped
      '2026-11-02T06:30:00.000Z',
    ]);
  });

  it('daily 01:30 in London: missing in March (runs at 02:30 BST), twice in October (runs once)', () => {
    // 2026-03-29 01:00 GMT → 02:00 BST; 2026-10-25 02:00 BST → 01:00 GMT
    expect(runs(daily('30 1 * * *', 'Europe/London'), '2026-03-27T12:00:00Z', 3)).toEqual([
      '2026-03-28T01:30:00.000Z',
      '2026-03-29T01:30:00.000Z', // 02:30 BST
      '2026-03-30T00:30:00.000Z', // 01:30 BST
    ]);
    expect(runs(daily('30 1 * * *', 'Europe/London'), '2026-10-23T12:00:00Z', 3)).toEqual([
      '2026-10-24T00:30:00.000Z', // 01:30 BST
      '2026-10-25T00:30:00.000Z', // 01:30 BST, the first of the two
      '2026-10-26T01:30:00.000Z', // 01:30 GMT
    ]);
  });

  it('an hourly cron in London keeps one run per real hour through the October change', () => {
    expect(
      runs(
        { scheduleType: 'cron', cronExpression: '0 * * * *', timezone: 'Europe/London' },
        '2026-10-24T22:30:00Z',
        5,
      ),
    ).toEqual([
      '2026-10-24T23:00:00.000Z', // 00:00 BST
      '2026-10-25T00:00:00.000Z', // 01:00 BST
      '2026-10-25T01:00:00.000Z', // 01:00 GMT
      '2026-10-25T02:00:00.000Z',
      '2026-10-25T03:00:00.000Z',
    ]);
  });

  it('the same UTC schedule is unaffected by any change', () => {
    expect(runs(daily('30 2 * * *', 'UTC'), '2026-03-07T12:00:00Z', 2)).toEqual([
      '2026-03-08T02:30:00.000Z',
      '2026-03-09T02:30:00.000Z',
    ]);
  });
});

describe('nextScheduledRun by schedule type', () => {
  it('weekly, monthly and @-macros; a monthly 31st skips the months without one', () => {
    expect(
      runs(
        { scheduleType: 'weekly', cronExpression: '0 9 * * 1', timezone: 'Asia/Tokyo' },
        '2026-06-03T00:00:00Z',
        2,
      ),
    ).toEqual(['2026-06-08T00:00:00.000Z', '2026-06-15T00:00:00.000Z']);
    expect(
      runs(
        { scheduleType: 'monthly', cronExpression: '0 9 31 * *', timezone: 'UTC' },
        '2026-01-31T10:00:00Z',
        2,
      ),
    ).toEqual(['2026-03-31T09:00:00.000Z', '2026-05-31T09:00:00.000Z']);
    expect(
      runs({ scheduleType: 'daily', cronExpression: '@daily', timezone: 'UTC' }, '2026-01-01T10:00:00Z', 1),
    ).toEqual(['2026-01-02T00:00:00.000Z']);
    expect(
      runs(
        { scheduleType: 'weekly', cronExpression: '0 0 6 * * 3', timezone: 'UTC' },
        '2026-01-01T10:00:00Z',
        1,
      ),
    ).toEqual(['2026-01-07T06:00:00.000Z']);
  });

  it('once: the first occurrence until it has run, then none', () => {
    const once: TaskSchedule = {
      scheduleType: 'once',
      cronExpression: '0 12 24 12 *',
      timezone: 'Europe/Berlin',
    };
    expect(nextScheduledRun(once, new Date('2026-12-01T00:00:00Z'))).toEqual({
      success: true,
      nextRun: new Date('2026-12-24T11:00:00Z'),
    });
    expect(nextScheduledRun(once, new Date('2026-12-01T00:00:00Z'), { hasRun: true })).toEqual({
      success: true,
      nextRun: null,
    });
  });

  it('is strictly after the reference time, and a run past year 9999 is none', () => {
    const s: TaskSchedule = { scheduleType: 'cron', cronExpression: '0 0 1 1 *', timezone: 'UTC' };
    expect(nextScheduledRun(s, new Date('2027-01-01T00:00:00Z'))).toEqual({
      success: true,
      nextRun: new Date('2028-01-01T00:00:00Z'),
    });
    expect(nextScheduledRun(s, new Date('9999-06-01T00:00:00Z'))).toEqual({ success: true, nextRun: null });
  });

  it('hashed (H) fields are the same on every computation', () => {
    const s: TaskSchedule = { scheduleType: 'cron', cronExpression: 'H H * * *', timezone: 'UTC' };
    const at = new Date('2026-05-05T00:00:00Z');
    expect(nextScheduledRun(s, at)).toEqual(nextScheduledRun(s, at));
  });

  it.each([
    ['cron', '61 * * * *', 'UTC'],
    ['cron', '0 0 30 2 *', 'UTC'],
    ['cron', '* * * *', 'UTC'],
    ['cron', '   ', 'UTC'],
    ['cron', '0 0 * * * * *', 'UTC'],
    ['cron', '0 9 * * *', 'Nope/Zone'],
    ['cron', '0 9 * * *', '+05:00'],
    ['cron', '0 9 * * *', ''],
    ['daily', '*/5 * * * *', 'UTC'],
    ['daily', '0 9 * * 1', 'UTC'],
    ['daily', '0 9 * 1 *', 'UTC'],
    ['daily', '*/10 0 9 * * *', 'UTC'],
    ['weekly', '0 9 * * *', 'UTC'],
    ['weekly', '0 9 1 * 1', 'UTC'],
    ['monthly', '0 9 * * 1', 'UTC'],
    ['monthly', '@weekly', 'UTC'],
    ['once', 'not a cron', 'UTC'],
  ] as const)('%s %j in %j is INVALID_SCHEDULE, never a throw', (scheduleType, cronExpression, timezone) => {
    const r = nextScheduledRun({ scheduleType, cronExpression, timezone }, new Date('2026-01-01T00:00:00Z'));
    expect(r).toMatchObject({ success: false, error: 'INVALID_SCHEDULE' });
  });

  it('an invalid reference time is INVALID_SCHEDULE', () => {
    const s: TaskSchedule = { scheduleType: 'cron', cronExpression: '0 0 * * *', timezone: 'UTC' };
    expect(nextScheduledRun(s, new Date(Number.NaN))).toMatchObject({
      success: false,
      error: 'INVALID_SCHEDULE',
    });
  });
});
