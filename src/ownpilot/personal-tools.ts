// What the bookmark, note, calendar and contact tools share in their public contract: the input
// naming the row a delete removes, and the error lists of adding, listing, updating and deleting.
// The tools themselves are in bookmark-tools.ts, note-tools.ts, calendar-tools.ts and contact-tools.ts.
import { z } from 'zod';
import { idInput, userIdInput } from './query';

/** The row a delete names: its own id, scoped by the owner in the statement's WHERE. */
export const refInput = z.object({ userId: userIdInput, id: idInput });
export const addErrors = ['INVALID_INPUT'] as const;
export const listErrors = ['INVALID_INPUT'] as const;
export const updateErrors = ['INVALID_INPUT', 'NOT_FOUND'] as const;
export const deleteErrors = ['INVALID_INPUT', 'NOT_FOUND'] as const;
