import { jsonValue } from '../input';

const MAX_SECRET = 1_000_000;

/** A secret stored as JSON (credentials, browser storage): any JSON value, bounded as text. */
export const jsonSecret = jsonValue().refine((v) => JSON.stringify(v).length <= MAX_SECRET, {
  error: `at most ${MAX_SECRET} characters as JSON`,
});
