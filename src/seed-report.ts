/** Rows inserted or changed per qualified table name; all zeros (or empty) means nothing changed. */
export type SeedReport = Record<string, number>;
