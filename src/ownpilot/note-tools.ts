// The note AI tools (add_note, batch_add_notes, list_notes, update_note, delete_note).
// Every call is scoped to one user_id.
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { ok, parseInput, type Result } from '../result';
import { addBatch, addOne, batchSchema, deleteOne, serverSet, updateOne } from './owned-rows';
import { addErrors, deleteErrors, listErrors, refInput, updateErrors } from './personal-tools';
import { idInput, pageInput, searchColumns, userIdInput } from './query';
import { notes } from './tables/personal';
import { insertNoteSchema, type Note, updateNoteSchema } from './validators';

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
  db: AnyDb,
  input: z.input<typeof addNoteInput>,
): Promise<Result<{ note: Note }, (typeof addNoteErrors)[number]>> {
  narrowDb(db);
  const r = await addOne<typeof addNoteInput, Note>(db, notes, addNoteInput, input);
  return r.success ? ok({ note: r.row }) : r;
}

/** batch_add_notes: all or nothing. */
export async function batchAddNotes(
  db: AnyDb,
  input: z.input<typeof batchAddNotesInput>,
): Promise<Result<{ notes: Note[] }, (typeof batchAddNotesErrors)[number]>> {
  narrowDb(db);
  const r = await addBatch<Note>(db, notes, batchAddNotesInput, input);
  return r.success ? ok({ notes: r.rows }) : r;
}

/** list_notes: pinned first, then most recently updated; archived notes only when asked for. */
export async function listNotes(
  db: AnyDb,
  input: z.input<typeof listNotesInput>,
): Promise<Result<{ notes: Note[] }, (typeof listNotesErrors)[number]>> {
  narrowDb(db);
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
  db: AnyDb,
  input: z.input<typeof updateNoteInput>,
): Promise<Result<{ note: Note }, (typeof updateNoteErrors)[number]>> {
  narrowDb(db);
  const r = await updateOne<Note>(db, notes, updateNoteInput, input, 'note');
  return r.success ? ok({ note: r.row }) : r;
}

/** delete_note */
export function deleteNote(
  db: AnyDb,
  input: z.input<typeof deleteNoteInput>,
): Promise<Result<{ id: string }, (typeof deleteNoteErrors)[number]>> {
  narrowDb(db);
  return deleteOne(db, notes, deleteNoteInput, input, 'note');
}
