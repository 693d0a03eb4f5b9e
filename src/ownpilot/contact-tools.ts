// The contact AI tools (add_contact, batch_add_contacts, list_contacts, update_contact, delete_contact).
// Every call is scoped to one user_id.
import { and, asc, eq, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, narrowDb } from '../db';
import { ok, parseInput, type Result } from '../result';
import { addBatch, addOne, batchSchema, deleteOne, serverSet, updateOne } from './owned-rows';
import { addErrors, deleteErrors, listErrors, refInput, updateErrors } from './personal-tools';
import { idInput, pageInput, searchColumns, userIdInput } from './query';
import { contacts } from './tables/personal';
import { type Contact, insertContactSchema, updateContactSchema } from './validators';

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
  db: AnyDb,
  input: z.input<typeof addContactInput>,
): Promise<Result<{ contact: Contact }, (typeof addContactErrors)[number]>> {
  narrowDb(db);
  const r = await addOne<typeof addContactInput, Contact>(db, contacts, addContactInput, input);
  return r.success ? ok({ contact: r.row }) : r;
}

/** batch_add_contacts: all or nothing. */
export async function batchAddContacts(
  db: AnyDb,
  input: z.input<typeof batchAddContactsInput>,
): Promise<Result<{ contacts: Contact[] }, (typeof batchAddContactsErrors)[number]>> {
  narrowDb(db);
  const r = await addBatch<Contact>(db, contacts, batchAddContactsInput, input);
  return r.success ? ok({ contacts: r.rows }) : r;
}

/** list_contacts: by name; `search` matches name, nickname, email, phone and company literally. */
export async function listContacts(
  db: AnyDb,
  input: z.input<typeof listContactsInput>,
): Promise<Result<{ contacts: Contact[] }, (typeof listContactsErrors)[number]>> {
  narrowDb(db);
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
  db: AnyDb,
  input: z.input<typeof updateContactInput>,
): Promise<Result<{ contact: Contact }, (typeof updateContactErrors)[number]>> {
  narrowDb(db);
  const r = await updateOne<Contact>(db, contacts, updateContactInput, input, 'contact');
  return r.success ? ok({ contact: r.row }) : r;
}

/** delete_contact */
export function deleteContact(
  db: AnyDb,
  input: z.input<typeof deleteContactInput>,
): Promise<Result<{ id: string }, (typeof deleteContactErrors)[number]>> {
  narrowDb(db);
  return deleteOne(db, contacts, deleteContactInput, input, 'contact');
}
