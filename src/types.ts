/**
 * The package's own types and nothing else: `import type { Database } from '@org/schema/types'`
 * for an app's function signatures. The root entry declares every system's tables, so importing
 * even one type from it makes the type-checker read all of them (issue 17 §5).
 */
export type { AnyDb, Database, DbOrTx } from './db';
export type { Failure, Result } from './result';
