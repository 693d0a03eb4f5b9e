// The bookmark AI tools (add_bookmark, batch_add_bookmarks, list_bookmarks, delete_bookmark).
// Every call is scoped to one user_id.
import { and, desc, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { ok, parseInput, type Result } from '../result';
import { addBatch, addOne, batchSchema, deleteOne, serverSet } from './owned-rows';
import { addErrors, deleteErrors, listErrors, refInput } from './personal-tools';
import { pageInput, searchColumns, userIdInput } from './query';
import { bookmarks } from './tables/personal';
import { type Bookmark, insertBookmarkSchema } from './validators';

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
  db: AnyDb,
  input: z.input<typeof addBookmarkInput>,
): Promise<Result<{ bookmark: Bookmark }, (typeof addBookmarkErrors)[number]>> {
  narrowDb(db);
  const r = await addOne<typeof addBookmarkInput, Bookmark>(db, bookmarks, addBookmarkInput, input);
  return r.success ? ok({ bookmark: r.row }) : r;
}

/** batch_add_bookmarks: all or nothing. */
export async function batchAddBookmarks(
  db: AnyDb,
  input: z.input<typeof batchAddBookmarksInput>,
): Promise<Result<{ bookmarks: Bookmark[] }, (typeof batchAddBookmarksErrors)[number]>> {
  narrowDb(db);
  const r = await addBatch<Bookmark>(db, bookmarks, batchAddBookmarksInput, input);
  return r.success ? ok({ bookmarks: r.rows }) : r;
}

/** list_bookmarks: favorites first, then newest; `search` matches title, url and description literally. */
export async function listBookmarks(
  db: AnyDb,
  input: z.input<typeof listBookmarksInput>,
): Promise<Result<{ bookmarks: Bookmark[] }, (typeof listBookmarksErrors)[number]>> {
  narrowDb(db);
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
  db: AnyDb,
  input: z.input<typeof deleteBookmarkInput>,
): Promise<Result<{ id: string }, (typeof deleteBookmarkErrors)[number]>> {
  narrowDb(db);
  return deleteOne(db, bookmarks, deleteBookmarkInput, input, 'bookmark');
}
