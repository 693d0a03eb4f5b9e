// The bookmark, note, calendar and contact AI tools. Every call is scoped to one user_id.
import { and, asc, desc, eq, gte, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db';
import { batch, timestampInput } from '../input';
import { fail, ok, parseInput, type Result } from '../result';
import { deleteOwned, insertOwned, type OwnedTable, updateOwned } from './owned-rows';
import { idInput, pageInput, searchColumns, userIdInput } from './query';
import { bookmarks, calendarEvents, contacts, notes } from './tables/personal';
import {
  type Bookmark,
  type CalendarEvent,
  type Contact,
  insertBookmarkSchema,
  insertCalendarEventSchema,
  insertContactSchema,
  insertNoteSchema,
  type Note,
  updateContactSchema,
  updateNoteSchema,
} from './validators';

const serverSet = { id: true, userId: true, createdAt: true, updatedAt: true } as const;
/** The row a delete names: its own id, scoped by the owner in the statement's WHERE. */
export const refInput = z.object({ userId: userIdInput, id: idInput });
export const addErrors = ['INVALID_INPUT'] as const;
export const listErrors = ['INVALID_INPUT'] as const;
export const updateErrors = ['INVALID_INPUT', 'NOT_FOUND'] as const;
export const deleteErrors = ['INVALID_INPUT', 'NOT_FOUND'] as const;
type AddError = (typeof addErrors)[number];
type UpdateError = (typeof updateErrors)[number];
type DeleteError = (typeof deleteErrors)[number];

async function addOne<S extends z.ZodType, R>(db: DbOrTx, table: OwnedTable, schema: S, input: unknown) {
  const parsed = parseInput(schema, input);
  if (!parsed.success) return parsed;
  const [row] = await insertOwned<R>(db, table, [parsed.data as object]);
  return ok({ row: row as R });
}

function batchSchema<S extends z.ZodObject>(fields: S) {
  return z.object({ userId: userIdInput, items: batch(fields, 100) });
}

async function addBatch<R>(db: DbOrTx, table: OwnedTable, schema: z.ZodType, input: unknown) {
  const parsed = parseInput(schema, input);
  if (!parsed.success) return parsed;
  const { userId, items } = parsed.data as { userId: string; items: object[] };
  // One INSERT statement: all rows or none.
  return ok({
    rows: await insertOwned<R>(
      db,
      table,
      items.map((i) => ({ ...i, userId })),
    ),
  });
}

async function updateOne<R>(
  db: DbOrTx,
  table: OwnedTable,
  schema: z.ZodType,
  input: unknown,
  what: string,
): Promise<Result<{ row: R }, UpdateError>> {
  const parsed = parseInput(schema, input);
  if (!parsed.success) return parsed;
  const { id, userId, ...set } = parsed.data as { id: string; userId: string };
  if (Object.keys(set).length === 0) return fail('INVALID_INPUT', 'nothing to update');
  const row = await updateOwned<R>(db, table, id, userId, set);
  return row ? ok({ row }) : fail('NOT_FOUND', `${what} ${id} not found`);
}

async function deleteOne(
  db: DbOrTx,
  table: OwnedTable,
  input: unknown,
  what: string,
): Promise<Result<{ id: string }, DeleteError>> {
  const parsed = parseInput(refInput, input);
  if (!parsed.success) return parsed;
  const gone = await deleteOwned(db, table, parsed.data.id, parsed.data.userId);
  return gone ? ok({ id: parsed.data.id }) : fail('NOT_FOUND', `${what} ${parsed.data.id} not found`);
}

// ---- bookmarks -------------------------------------------------------------------------------
const bookmarkFields = insertBookmarkSchema.omit(serverSet);
export const addBookmarkInput = bookmarkFields.extend({ userId: userIdInput });
export const batchAddBookmarksInput = batchSchema(bookmarkFields);
export const listBookmarksInput = z.object({
  userId: userIdInput,
  category: z.string().optional(),
  favorite: z.boolean().optional(),
  search: z.string().min(1).optional(),
  ...pageInput,
});
export const addBookmarkErrors = addErrors;
export const batchAddBookmarksErrors = addErrors;
export const listBookmarksErrors = listErrors;
export const deleteBookmarkInput = refInput;
export const deleteBookmarkErrors = deleteErrors;

/** add_bookmark */
export async function addBookmark(
  db: DbOrTx,
  input: z.input<typeof addBookmarkInput>,
): Promise<Result<{ bookmark: Bookmark }, AddError>> {
  const r = await addOne<typeof addBookmarkInput, Bookmark>(db, bookmarks, addBookmarkInput, input);
  return r.success ? ok({ bookmark: r.row }) : r;
}

/** batch_add_bookmarks: all or nothing. */
export async function batchAddBookmarks(
  db: DbOrTx,
  input: z.input<typeof batchAddBookmarksInput>,
): Promise<Result<{ bookmarks: Bookmark[] }, AddError>> {
  const r = await addBatch<Bookmark>(db, bookmarks, batchAddBookmarksInput, input);
  return r.success ? ok({ bookmarks: r.rows }) : r;
}

/** list_bookmarks: favorites first, then newest; `search` matches title, url and description literally. */
export async function listBookmarks(
  db: DbOrTx,
  input: z.input<typeof listBookmarksInput>,
): Promise<Result<{ bookmarks: Bookmark[] }, (typeof listBookmarksErrors)[number]>> {
  const parsed = parseInput(listBookmarksInput, input);
  if (!parsed.success) return parsed;
  const f = parsed.data;
  const where: (SQL | undefined)[] = [eq(bookmarks.userId, f.userId)];
  if (f.category !== undefined) where.push(eq(bookmarks.category, f.category));
  if (f.favorite !== undefined) where.push(eq(bookmarks.isFavorite, f.favorite));
  if (f.search) where.push(searchColumns(f.search, [bookmarks.title, bookmarks.url, bookmarks.description]));
  const rows = await db
    .select()
    .from(bookmarks)
    .where(and(...where))
    .orderBy(desc(bookmarks.isFavorite), desc(bookmarks.createdAt), bookmarks.id)
    .limit(f.limit)
    .offset(f.offset);
  return ok({ bookmarks: rows });
}

/** delete_bookmark */
export function deleteBookmark(
  db: DbOrTx,
  input: z.input<typeof deleteBookmarkInput>,
): Promise<Result<{ id: string }, (typeof deleteBookmarkErrors)[number]>> {
  return deleteOne(db, bookmarks, input, 'bookmark');
}

// ---- notes -----------------------------------------------------------------------------------
const noteFields = insertNoteSchema.omit(serverSet);
export const addNoteInput = noteFields.extend({ userId: userIdInput });
export const batchAddNotesInput = batchSchema(noteFields);
export const updateNoteInput = updateNoteSchema.omit(serverSet).extend({ userId: userIdInput, id: idInput });
export const listNotesInput = z.object({
  userId: userIdInput,
  category: z.string().optional(),
  pinned: z.boolean().optional(),
  archived: z.boolean().default(false),
  search: z.string().min(1).optional(),
  ...pageInput,
});
export const addNoteErrors = addErrors;
export const batchAddNotesErrors = addErrors;
export const listNotesErrors = listErrors;
export const updateNoteErrors = updateErrors;
export const deleteNoteInput = refInput;
export const deleteNoteErrors = deleteErrors;

/** add_note */
export async function addNote(
  db: DbOrTx,
  input: z.input<typeof addNoteInput>,
): Promise<Result<{ note: Note }, AddError>> {
  const r = await addOne<typeof addNoteInput, Note>(db, notes, addNoteInput, input);
  return r.success ? ok({ note: r.row }) : r;
}

/** batch_add_notes: all or nothing. */
export async function batchAddNotes(
  db: DbOrTx,
  input: z.input<typeof batchAddNotesInput>,
): Promise<Result<{ notes: Note[] }, AddError>> {
  const r = await addBatch<Note>(db, notes, batchAddNotesInput, input);
  return r.success ? ok({ notes: r.rows }) : r;
}

/** list_notes: pinned first, then most recently updated; archived notes only when asked for. */
export async function listNotes(
  db: DbOrTx,
  input: z.input<typeof listNotesInput>,
): Promise<Result<{ notes: Note[] }, (typeof listNotesErrors)[number]>> {
  const parsed = parseInput(listNotesInput, input);
  if (!parsed.success) return parsed;
  const f = parsed.data;
  const where: (SQL | undefined)[] = [eq(notes.userId, f.userId), eq(notes.isArchived, f.archived)];
  if (f.category !== undefined) where.push(eq(notes.category, f.category));
  if (f.pinned !== undefined) where.push(eq(notes.isPinned, f.pinned));
  if (f.search) where.push(searchColumns(f.search, [notes.title, notes.content]));
  const rows = await db
    .select()
    .from(notes)
    .where(and(...where))
    .orderBy(desc(notes.isPinned), desc(notes.updatedAt), notes.id)
    .limit(f.limit)
    .offset(f.offset);
  return ok({ notes: rows });
}

/** update_note */
export async function updateNote(
  db: DbOrTx,
  input: z.input<typeof updateNoteInput>,
): Promise<Result<{ note: Note }, (typeof updateNoteErrors)[number]>> {
  const r = await updateOne<Note>(db, notes, updateNoteInput, input, 'note');
  return r.success ? ok({ note: r.row }) : r;
}

/** delete_note */
export function deleteNote(
  db: DbOrTx,
  input: z.input<typeof deleteNoteInput>,
): Promise<Result<{ id: string }, (typeof deleteNoteErrors)[number]>> {
  return deleteOne(db, notes, input, 'note');
}

// ---- calendar events -------------------------------------------------------------------------
const eventFields = insertCalendarEventSchema
  .omit(serverSet)
  .refine((e) => !e.endTime || e.endTime >= e.startTime, {
    message: 'must not be before startTime',
    path: ['endTime'],
  });
export const addCalendarEventInput = insertCalendarEventSchema
  .omit(serverSet)
  .extend({ userId: userIdInput })
  .refine((e) => !e.endTime || e.endTime >= e.startTime, {
    message: 'must not be before startTime',
    path: ['endTime'],
  });
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
  db: DbOrTx,
  input: z.input<typeof addCalendarEventInput>,
): Promise<Result<{ event: CalendarEvent }, AddError>> {
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
  db: DbOrTx,
  input: z.input<typeof batchAddCalendarEventsInput>,
): Promise<Result<{ events: CalendarEvent[] }, AddError>> {
  const r = await addBatch<CalendarEvent>(db, calendarEvents, batchAddCalendarEventsInput, input);
  return r.success ? ok({ events: r.rows }) : r;
}

/** list_calendar_events: in start order, within [from, to); `search` matches title, description and location. */
export async function listCalendarEvents(
  db: DbOrTx,
  input: z.input<typeof listCalendarEventsInput>,
): Promise<Result<{ events: CalendarEvent[] }, (typeof listCalendarEventsErrors)[number]>> {
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
  db: DbOrTx,
  input: z.input<typeof deleteCalendarEventInput>,
): Promise<Result<{ id: string }, (typeof deleteCalendarEventErrors)[number]>> {
  return deleteOne(db, calendarEvents, input, 'calendar event');
}

// ---- contacts --------------------------------------------------------------------------------
const contactFields = insertContactSchema.omit(serverSet);
export const addContactInput = contactFields.extend({ userId: userIdInput });
export const batchAddContactsInput = batchSchema(contactFields);
export const updateContactInput = updateContactSchema
  .omit(serverSet)
  .extend({ userId: userIdInput, id: idInput });
export const listContactsInput = z.object({
  userId: userIdInput,
  relationship: z.string().optional(),
  company: z.string().optional(),
  favorite: z.boolean().optional(),
  search: z.string().min(1).optional(),
  ...pageInput,
});
export const addContactErrors = addErrors;
export const batchAddContactsErrors = addErrors;
export const listContactsErrors = listErrors;
export const updateContactErrors = updateErrors;
export const deleteContactInput = refInput;
export const deleteContactErrors = deleteErrors;

/** add_contact */
export async function addContact(
  db: DbOrTx,
  input: z.input<typeof addContactInput>,
): Promise<Result<{ contact: Contact }, AddError>> {
  const r = await addOne<typeof addContactInput, Contact>(db, contacts, addContactInput, input);
  return r.success ? ok({ contact: r.row }) : r;
}

/** batch_add_contacts: all or nothing. */
export async function batchAddContacts(
  db: DbOrTx,
  input: z.input<typeof batchAddContactsInput>,
): Promise<Result<{ contacts: Contact[] }, AddError>> {
  const r = await addBatch<Contact>(db, contacts, batchAddContactsInput, input);
  return r.success ? ok({ contacts: r.rows }) : r;
}

/** list_contacts: by name; `search` matches name, nickname, email, phone and company literally. */
export async function listContacts(
  db: DbOrTx,
  input: z.input<typeof listContactsInput>,
): Promise<Result<{ contacts: Contact[] }, (typeof listContactsErrors)[number]>> {
  const parsed = parseInput(listContactsInput, input);
  if (!parsed.success) return parsed;
  const f = parsed.data;
  const where: (SQL | undefined)[] = [eq(contacts.userId, f.userId)];
  if (f.relationship !== undefined) where.push(eq(contacts.relationship, f.relationship));
  if (f.company !== undefined) where.push(eq(contacts.company, f.company));
  if (f.favorite !== undefined) where.push(eq(contacts.isFavorite, f.favorite));
  if (f.search) {
    where.push(
      searchColumns(f.search, [
        contacts.name,
        contacts.nickname,
        contacts.email,
        contacts.phone,
        contacts.company,
      ]),
    );
  }
  const rows = await db
    .select()
    .from(contacts)
    .where(and(...where))
    .orderBy(asc(contacts.name), contacts.id)
    .limit(f.limit)
    .offset(f.offset);
  return ok({ contacts: rows });
}

/** update_contact */
export async function updateContact(
  db: DbOrTx,
  input: z.input<typeof updateContactInput>,
): Promise<Result<{ contact: Contact }, (typeof updateContactErrors)[number]>> {
  const r = await updateOne<Contact>(db, contacts, updateContactInput, input, 'contact');
  return r.success ? ok({ contact: r.row }) : r;
}

/** delete_contact */
export function deleteContact(
  db: DbOrTx,
  input: z.input<typeof deleteContactInput>,
): Promise<Result<{ id: string }, (typeof deleteContactErrors)[number]>> {
  return deleteOne(db, contacts, input, 'contact');
}
