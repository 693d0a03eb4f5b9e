// The calendar AI tools (add_calendar_event, batch_add_calendar_events, list_calendar_events,
// delete_calendar_event).
// Every call is scoped to one user_id.
import { and, asc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { batch, timestampInput } from '../input';
import { ok, parseInput, type Result } from '../result';
import { addBatch, addOne, deleteOne, serverSet } from './owned-rows';
import { addErrors, deleteErrors, listErrors, refInput } from './personal-tools';
import { pageInput, searchColumns, userIdInput } from './query';
import { calendarEvents } from './tables/personal';
import { type CalendarEvent, insertCalendarEventSchema } from './validators';

const eventColumns = insertCalendarEventSchema.omit(serverSet);
/** An event does not end before it starts (the arguments of `.refine`). */
const endsAfterStart: [(e: { startTime: Date; endTime?: Date | null }) => boolean, z.core.$ZodCustomParams] =
  [
    (e) => !e.endTime || e.endTime >= e.startTime,
    { message: 'must not be before startTime', path: ['endTime'] },
  ];
const eventFields = eventColumns.refine(...endsAfterStart);
export const addCalendarEventInput = eventColumns.extend({ userId: userIdInput }).refine(...endsAfterStart);
export const batchAddCalendarEventsInput = z.object({
  userId: userIdInput,
  items: batch(eventFields, 100),
});
export const listCalendarEventsInput = z.object({
  userId: userIdInput,
  /** Events starting at or after `from` (a Date or an ISO-8601 timestamp). */
  from: timestampInput().optional(),
  /** Events starting before `to`. */
  to: timestampInput().optional(),
  category: z.string().optional(),
  search: z.string().min(1).optional(),
  ...pageInput,
});
export const addCalendarEventErrors = addErrors;
export const batchAddCalendarEventsErrors = addErrors;
export const listCalendarEventsErrors = listErrors;
export const deleteCalendarEventInput = refInput;
export const deleteCalendarEventErrors = deleteErrors;

/** add_calendar_event */
export async function addCalendarEvent(
  db: AnyDb,
  input: z.input<typeof addCalendarEventInput>,
): Promise<Result<{ event: CalendarEvent }, (typeof addCalendarEventErrors)[number]>> {
  narrowDb(db);
  const r = await addOne<typeof addCalendarEventInput, CalendarEvent>(
    db,
    calendarEvents,
    addCalendarEventInput,
    input,
  );
  return r.success ? ok({ event: r.row }) : r;
}

/** batch_add_calendar_events: all or nothing. */
export async function batchAddCalendarEvents(
  db: AnyDb,
  input: z.input<typeof batchAddCalendarEventsInput>,
): Promise<Result<{ events: CalendarEvent[] }, (typeof batchAddCalendarEventsErrors)[number]>> {
  narrowDb(db);
  const r = await addBatch<CalendarEvent>(db, calendarEvents, batchAddCalendarEventsInput, input);
  return r.success ? ok({ events: r.rows }) : r;
}

/** list_calendar_events: in start order, within [from, to); `search` matches title, description and location. */
export async function listCalendarEvents(
  db: AnyDb,
  input: z.input<typeof listCalendarEventsInput>,
): Promise<Result<{ events: CalendarEvent[] }, (typeof listCalendarEventsErrors)[number]>> {
  narrowDb(db);
  const parsed = parseInput(listCalendarEventsInput, input);
  if (!parsed.success) return parsed;
  const f = parsed.data;
  const where: (SQL | undefined)[] = [eq(calendarEvents.userId, f.userId)];
  if (f.from) where.push(gte(calendarEvents.startTime, f.from));
  if (f.to) where.push(lt(calendarEvents.startTime, f.to));
  if (f.category !== undefined) where.push(eq(calendarEvents.category, f.category));
  if (f.search) {
    where.push(
      searchColumns(f.search, [calendarEvents.title, calendarEvents.description, calendarEvents.location]),
    );
  }
  const rows = await db
    .select()
    .from(calendarEvents)
    .where(and(...where))
    .orderBy(asc(calendarEvents.startTime), calendarEvents.id)
    .limit(f.limit)
    .offset(f.offset);
  return ok({ events: rows });
}

/** delete_calendar_event */
export function deleteCalendarEvent(
  db: AnyDb,
  input: z.input<typeof deleteCalendarEventInput>,
): Promise<Result<{ id: string }, (typeof deleteCalendarEventErrors)[number]>> {
  narrowDb(db);
  return deleteOne(db, calendarEvents, deleteCalendarEventInput, input, 'calendar event');
}
