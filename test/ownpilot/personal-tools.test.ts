import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import * as op from '../../src/ownpilot';
import { useTestDb } from '../support';

describe('task tools', () => {
  const t = useTestDb();

  it('addTask creates with defaults and a generated id; bad input is INVALID_INPUT with no write', async () => {
    const r = await op.addTask(t().db, {
      userId: 'alice',
      title: 'Buy milk',
      priority: 'high',
      dueDate: '2026-03-02',
      tags: ['home'],
    });
    expect(r.success).toBe(true);
    if (!r.success) return;
    expect(r.task).toMatchObject({
      userId: 'alice',
      title: 'Buy milk',
      status: 'pending',
      priority: 'high',
      tags: ['home'],
    });
    const bad = await op.addTask(t().db, { userId: 'alice', title: 'x', priority: 'critical' as 'high' });
    expect(bad).toMatchObject({ success: false, error: 'INVALID_INPUT' });
    if (!bad.success) expect(bad.message).toMatch(/^priority: Invalid option/);
    const badDate = await op.addTask(t().db, { userId: 'alice', title: 'x', dueDate: 'tomorrow' });
    expect(badDate).toMatchObject({
      success: false,
      error: 'INVALID_INPUT',
      message: 'dueDate: must be a YYYY-MM-DD date',
    });
    expect(await t().db.select().from(op.tasks).where(eq(op.tasks.title, 'x'))).toEqual([]);
    const orphan = await op.addTask(t().db, { userId: 'alice', title: 'sub', parentId: 'nope' });
    expect(orphan).toMatchObject({ success: false, error: 'PARENT_NOT_FOUND' });
  });

  it('batchAddTasks is all-or-nothing', async () => {
    const ok = await op.batchAddTasks(t().db, {
      userId: 'bob',
      tasks: [{ title: 'b1' }, { title: 'b2', priority: 'low' }],
    });
    expect(ok.success && ok.tasks.map((x) => [x.title, x.userId, x.priority])).toEqual([
      ['b1', 'bob', 'normal'],
      ['b2', 'bob', 'low'],
    ]);
    const badItem = await op.batchAddTasks(t().db, {
      userId: 'bob',
      tasks: [{ title: 'b3' }, { title: '', status: 'nope' as 'pending' }],
    });
    expect(badItem).toMatchObject({ success: false, error: 'INVALID_INPUT' });
    if (!badItem.success) expect(badItem.message).toContain('tasks.1.status');
    const badFk = await op.batchAddTasks(t().db, {
      userId: 'bob',
      tasks: [{ title: 'b4' }, { title: 'b5', parentId: 'missing' }],
    });
    expect(badFk).toMatchObject({ success: false, error: 'PARENT_NOT_FOUND' });
    const list = await op.listTasks(t().db, { userId: 'bob' });
    expect(list.success && list.tasks.map((x) => x.title).sort()).toEqual(['b1', 'b2']);
    expect(await op.batchAddTasks(t().db, { userId: 'bob', tasks: [] })).toMatchObject({
      error: 'INVALID_INPUT',
    });
  });

  it('listTasks filters, scopes to the user, paginates with a bounded limit', async () => {
    const db = t().db;
    await op.batchAddTasks(db, {
      userId: 'carol',
      tasks: [
        { title: 'Pay rent', category: 'home', priority: 'urgent' },
        { title: 'Write report', category: 'work', description: 'Q1 numbers' },
        { title: 'Gym', category: 'health', status: 'in_progress' },
      ],
    });
    const list = async (f: Partial<Parameters<typeof op.listTasks>[1]>) => {
      const r = await op.listTasks(db, { userId: 'carol', ...f });
      if (!r.success) throw new Error(r.message);
      return r.tasks.map((x) => x.title).sort();
    };
    expect(await list({})).toEqual(['Gym', 'Pay rent', 'Write report']);
    expect(await list({ category: 'work' })).toEqual(['Write report']);
    expect(await list({ priority: 'urgent' })).toEqual(['Pay rent']);
    expect(await list({ status: 'in_progress' })).toEqual(['Gym']);
    expect(await list({ search: 'q1' })).toEqual(['Write report']);
    expect(await list({ limit: 2 })).toHaveLength(2);
    expect(await list({ limit: 2, offset: 2 })).toHaveLength(1);
    expect(await op.listTasks(db, { userId: 'carol', limit: 101 })).toMatchObject({ error: 'INVALID_INPUT' });
    expect(await op.listTasks(db, { userId: 'carol', limit: 0 })).toMatchObject({ error: 'INVALID_INPUT' });
    expect(await list({ userId: 'mallory' } as never)).toEqual([]);
  });

  it('search treats %, _ and \\ as literal text', async () => {
    const db = t().db;
    await op.batchAddTasks(db, {
      userId: 'dave',
      tasks: [
        { title: '100% done' },
        { title: '1000 done' },
        { title: 'snake_case' },
        { title: 'snakeXcase' },
        { title: 'C:\\temp' },
        { title: 'C:temp' },
      ],
    });
    const search = async (s: string) => {
      const r = await op.listTasks(db, { userId: 'dave', search: s });
      return r.success ? r.tasks.map((x) => x.title).sort() : r.message;
    };
    expect(await search('%')).toEqual(['100% done']);
    expect(await search('0% d')).toEqual(['100% done']);
    expect(await search('_')).toEqual(['snake_case']);
    expect(await search('e_c')).toEqual(['snake_case']);
    expect(await search('\\')).toEqual(['C:\\temp']);
    expect(await search("'; drop table tasks; --")).toEqual([]);
    expect(await search('DONE')).toEqual(['100% done', '1000 done']);
  });

  it('completeTask, updateTask and deleteTask are scoped to the owner', async () => {
    const db = t().db;
    const r = await op.addTask(db, { userId: 'erin', title: 'Mine' });
    if (!r.success) throw new Error(r.message);
    const id = r.task.id;
    expect(await op.completeTask(db, { userId: 'mallory', id })).toMatchObject({
      success: false,
      error: 'NOT_FOUND',
    });
    expect(await op.updateTask(db, { userId: 'mallory', id, title: 'pwned' })).toMatchObject({
      error: 'NOT_FOUND',
    });
    expect(await op.deleteTask(db, { userId: 'mallory', id })).toMatchObject({ error: 'NOT_FOUND' });

    const done = await op.completeTask(db, { userId: 'erin', id });
    expect(done.success && done.task.status).toBe('completed');
    const firstAt = done.success ? done.task.completedAt : null;
    expect(firstAt).toBeInstanceOf(Date);
    const again = await op.completeTask(db, { userId: 'erin', id });
    expect(again.success && again.task.completedAt).toEqual(firstAt);

    const reopened = await op.updateTask(db, { userId: 'erin', id, status: 'pending', title: 'Mine v2' });
    expect(
      reopened.success && [reopened.task.status, reopened.task.title, reopened.task.completedAt],
    ).toEqual(['pending', 'Mine v2', null]);
    expect(await op.updateTask(db, { userId: 'erin', id })).toMatchObject({
      error: 'INVALID_INPUT',
      message: 'nothing to update',
    });
    expect(await op.updateTask(db, { userId: 'erin', id, priority: 'meh' as 'low' })).toMatchObject({
      error: 'INVALID_INPUT',
    });
    expect(await op.updateTask(db, { userId: 'erin', id, parentId: 'ghost' })).toMatchObject({
      error: 'PARENT_NOT_FOUND',
    });
    expect(await op.updateTask(db, { userId: 'erin', id, parentId: id })).toMatchObject({
      error: 'INVALID_INPUT',
    });

    expect(await op.deleteTask(db, { userId: 'erin', id })).toEqual({ success: true, id });
    expect(await op.deleteTask(db, { userId: 'erin', id })).toMatchObject({ error: 'NOT_FOUND' });
  });
});

describe('bookmark, note, calendar and contact tools', () => {
  const t = useTestDb();

  it('bookmarks: add, batch, list filters and search, delete', async () => {
    const db = t().db;
    const a = await op.addBookmark(db, {
      userId: 'u1',
      url: 'https://a.example/100%',
      title: 'A',
      category: 'dev',
      isFavorite: true,
    });
    expect(a.success && a.bookmark.isFavorite).toBe(true);
    const b = await op.batchAddBookmarks(db, {
      userId: 'u1',
      items: [
        { url: 'https://b', title: 'B' },
        { url: 'https://c', title: 'C', category: 'dev' },
      ],
    });
    expect(b.success && b.bookmarks).toHaveLength(2);
    expect(
      await op.batchAddBookmarks(db, {
        userId: 'u1',
        items: [{ url: 'https://d', title: 'D' }, { url: 'x' } as never],
      }),
    ).toMatchObject({ error: 'INVALID_INPUT' });
    await op.addBookmark(db, { userId: 'u2', url: 'https://other', title: 'A' });
    const titles = async (f: object) => {
      const r = await op.listBookmarks(db, { userId: 'u1', ...f });
      return r.success ? r.bookmarks.map((x) => x.title) : r.message;
    };
    expect(await titles({})).toHaveLength(3);
    expect((await titles({}))[0]).toBe('A');
    expect(await titles({ category: 'dev' })).toHaveLength(2);
    expect(await titles({ favorite: true })).toEqual(['A']);
    expect(await titles({ search: '%' })).toEqual(['A']);
    const id = a.success ? a.bookmark.id : '';
    expect(await op.deleteBookmark(db, { userId: 'u2', id })).toMatchObject({ error: 'NOT_FOUND' });
    expect(await op.deleteBookmark(db, { userId: 'u1', id })).toEqual({ success: true, id });
  });

  it('notes: add, batch, list (pinned, archived), update, delete', async () => {
    const db = t().db;
    const n = await op.addNote(db, {
      userId: 'u1',
      title: 'Pinned',
      content: 'x',
      isPinned: true,
      category: 'c',
    });
    await op.batchAddNotes(db, {
      userId: 'u1',
      items: [
        { title: 'Plain', content: 'under_score' },
        { title: 'Old', content: 'y', isArchived: true },
      ],
    });
    const titles = async (f: object) => {
      const r = await op.listNotes(db, { userId: 'u1', ...f });
      return r.success ? r.notes.map((x) => x.title) : r.message;
    };
    expect(await titles({})).toEqual(['Pinned', 'Plain']);
    expect(await titles({ pinned: true })).toEqual(['Pinned']);
    expect(await titles({ archived: true })).toEqual(['Old']);
    expect(await titles({ search: '_' })).toEqual(['Plain']);
    expect(await titles({ category: 'c' })).toEqual(['Pinned']);
    const id = n.success ? n.note.id : '';
    const u = await op.updateNote(db, { userId: 'u1', id, content: 'new', isPinned: false });
    expect(u.success && [u.note.content, u.note.isPinned]).toEqual(['new', false]);
    expect(await op.updateNote(db, { userId: 'u2', id, content: 'z' })).toMatchObject({ error: 'NOT_FOUND' });
    expect(await op.addNote(db, { userId: 'u1', title: 'no content' } as never)).toMatchObject({
      error: 'INVALID_INPUT',
    });
    expect(await op.deleteNote(db, { userId: 'u1', id })).toEqual({ success: true, id });
  });

  it('calendar events: add, batch, list by date range and search, delete', async () => {
    const db = t().db;
    const day = (d: number, h = 9) => new Date(Date.UTC(2026, 2, d, h));
    const e = await op.addCalendarEvent(db, {
      userId: 'u1',
      title: 'Standup',
      startTime: day(2),
      endTime: day(2, 10),
      location: 'Room_1',
    });
    expect(e.success && e.event.timezone).toBe('UTC');
    expect(
      await op.addCalendarEvent(db, { userId: 'u1', title: 'bad', startTime: day(3), endTime: day(2) }),
    ).toMatchObject({
      error: 'INVALID_INPUT',
      message: 'endTime: must not be before startTime',
    });
    await op.batchAddCalendarEvents(db, {
      userId: 'u1',
      items: [
        { title: 'Lunch', startTime: day(3, 12), category: 'social' },
        { title: 'Review', startTime: day(5) },
      ],
    });
    await op.addCalendarEvent(db, { userId: 'u2', title: 'Secret', startTime: day(3) });
    const titles = async (f: object) => {
      const r = await op.listCalendarEvents(db, { userId: 'u1', ...f });
      return r.success ? r.events.map((x) => x.title) : r.message;
    };
    expect(await titles({})).toEqual(['Standup', 'Lunch', 'Review']);
    expect(await titles({ from: day(3, 0), to: day(4, 0) })).toEqual(['Lunch']);
    expect(await titles({ category: 'social' })).toEqual(['Lunch']);
    expect(await titles({ search: 'm_1' })).toEqual(['Standup']);
    const id = e.success ? e.event.id : '';
    expect(await op.deleteCalendarEvent(db, { userId: 'u2', id })).toMatchObject({ error: 'NOT_FOUND' });
    expect(await op.deleteCalendarEvent(db, { userId: 'u1', id })).toEqual({ success: true, id });
  });

  it('contacts: add, batch, list (relationship, company, favorite, search), update, delete', async () => {
    const db = t().db;
    const c = await op.addContact(db, {
      userId: 'u1',
      name: 'Zoe',
      company: 'Acme',
      relationship: 'colleague',
      isFavorite: true,
      email: 'zoe@acme.io',
    });
    await op.batchAddContacts(db, {
      userId: 'u1',
      items: [
        { name: 'Adam', relationship: 'friend' },
        { name: 'Maya', company: 'Acme', birthday: '1990-05-01' },
      ],
    });
    expect(await op.addContact(db, { userId: 'u1', name: 'X', birthday: 'May 1' })).toMatchObject({
      error: 'INVALID_INPUT',
    });
    const names = async (f: object) => {
      const r = await op.listContacts(db, { userId: 'u1', ...f });
      return r.success ? r.contacts.map((x) => x.name) : r.message;
    };
    expect(await names({})).toEqual(['Adam', 'Maya', 'Zoe']);
    expect(await names({ company: 'Acme' })).toEqual(['Maya', 'Zoe']);
    expect(await names({ relationship: 'friend' })).toEqual(['Adam']);
    expect(await names({ favorite: true })).toEqual(['Zoe']);
    expect(await names({ search: 'ACME.IO' })).toEqual(['Zoe']);
    expect(await names({ userId: 'u2' })).toEqual([]);
    const id = c.success ? c.contact.id : '';
    const u = await op.updateContact(db, { userId: 'u1', id, phone: '+1', socialLinks: { x: '@zoe' } });
    expect(u.success && [u.contact.phone, u.contact.socialLinks]).toEqual(['+1', { x: '@zoe' }]);
    expect(await op.updateContact(db, { userId: 'u2', id, phone: '+2' })).toMatchObject({
      error: 'NOT_FOUND',
    });
    expect(await op.deleteContact(db, { userId: 'u1', id })).toEqual({ success: true, id });
  });
});
