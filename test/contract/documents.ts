// The value lists of the five reference documents (shared/seeds), parsed from the documents
// themselves so that documented-values.test.ts checks every documented value, not a hand-picked
// few. Each document has its own format; each parser below says which lines it reads.
//
// A list is `closed` when the document gives the complete set of values (a CHECK, an enum, a
// plain value list); it is open when the text marks its values as examples ("e.g.", "etc.") or
// when the exclusions below say why they are examples. Open lists are still checked for
// acceptance (a documented example must be storable), never for equality with a restriction.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const documentIds = ['000', '001', '002', '003', '004'] as const;
export type DocumentId = (typeof documentIds)[number];

/** Postgres schemas each document describes (a documented table is looked up among these). */
export const documentSchemas: Record<DocumentId, readonly string[]> = {
  '000': ['portal', 'quorum', 'cortex'],
  '001': ['bottleneck'],
  '002': ['ownpilot'],
  '003': ['core', 'bot'],
  '004': ['research'],
};

export interface DocumentedList {
  document: DocumentId;
  /** 1-based line of the document the list is on. */
  line: number;
  /** Table name as documented (SQL name). */
  table: string;
  /** Schema, where the document names it (003: `Table: core.tenants`). */
  schema?: string;
  /** Column name as documented (SQL name; camelCase in 001). */
  column: string;
  values: string[];
  closed: boolean;
  /** Why an open list is not closed. */
  why?: string;
}

export interface ParsedDocument {
  id: DocumentId;
  file: string;
  lists: DocumentedList[];
  /** Exclusions (below) that matched no parsed list: a stale exclusion hides nothing, so it is reported. */
  unusedExclusions: string[];
}

/**
 * Lists that read like closed lists but are examples, decided from the documents' text. Key:
 * `<document> <table>.<column>`.
 */
const exclusions: Record<string, string> = {
  // "Slug: `google-workspace`, …": the ids of the seeded services (reference data), not a value list.
  '000 dns_services.id': 'the slugs of the seeded DNS services, not a closed list of ids',
  // `global`, `tier:1`, `service:google-workspace`, `domain:omapex.com`: one example per scope
  // pattern (`tier:<n>`, `service:<id>`, `domain:<name>`), so `tier:2` is as valid as `tier:1`.
  '000 dns_policies.scope': 'pattern examples (tier:<n>, service:<id>, domain:<name>), not a closed list',
  // `"Nishad" or "Sumedha"`: the people who write handoffs today (README: free text).
  '000 session_handoff.created_by': 'the people who write handoffs today, examples of a person name',
};

/** `../shared/seeds` beside the repository (as in CI), or undefined when it is missing. */
export function seedsDirectory(): string | undefined {
  const dir = join(import.meta.dirname, '..', '..', '..', 'shared', 'seeds');
  return existsSync(dir) ? dir : undefined;
}

/** Parses every reference document in `dir`; throws when one of the five is missing. */
export function readDocuments(dir: string): ParsedDocument[] {
  const files = readdirSync(dir);
  return documentIds.map((id) => {
    const file = files.find((f) => f.startsWith(`${id}_`));
    if (!file) throw new Error(`reference document ${id}_* not found in ${dir}`);
    return parseDocument(id, file, readFileSync(join(dir, file), 'utf8'));
  });
}

export function parseDocument(id: DocumentId, file: string, text: string): ParsedDocument {
  const raw = parsers[id](text).map((l) => ({ ...l, document: id }));
  const used = new Set<string>();
  const lists = raw.map((l) => {
    const key = `${id} ${l.table}.${l.column}`;
    const why = exclusions[key];
    if (!why) return l;
    used.add(key);
    return { ...l, closed: false, why };
  });
  const unusedExclusions = Object.keys(exclusions).filter((k) => k.startsWith(`${id} `) && !used.has(k));
  return { id, file, lists, unusedExclusions };
}

type Found = Omit<DocumentedList, 'document'>;
type Item = { values: string[]; closed: boolean; why?: string };

// ─── Cell lists ────────────────────────────────────────────────────────────────────────────────

/**
 * The value list a description cell is, if it is one: the whole cell (after a label such as
 * `Slug:` or `Person name (…)`) is values separated by `separators`, each in backticks, in double
 * quotes, or bare and matching `bare`. Fewer than two items is a single example, not a list.
 */
function cellList(cell: string, separators: RegExp, bare: RegExp): Item | undefined {
  let s = cell.trim();
  // Trailing notes about the list, not values: "(default: manual)", "(CHECK constraint)",
  // "(OAuth channels)"; "(default)" after one value marks the default.
  s = s.replace(/\s*\([^(),]*\)\s*$/, '').replace(/\s*\(default\)/g, '');
  // "Person name (Nishad, Sumedha, Claude, etc.)": the values are inside the parentheses.
  const inner = /^[^()`"]+\((.+)\)$/.exec(s);
  if (inner) s = inner[1]!;
  // "Slug: `a`, `b`": a label before the values; "Format: `TECH-001` or `BIZ-001`" gives
  // examples of a format, not the values.
  let why: string | undefined;
  const labelled = /^([A-Z][\w -]*):\s+(.+)$/.exec(s);
  if (labelled) {
    s = labelled[2]!;
    if (labelled[1] === 'Format') why = 'examples of a format';
  }
  const eg = /^e\.g\.,?\s+(.+)$/i.exec(s);
  if (eg) {
    s = eg[1]!;
    why = 'examples ("e.g.")';
  }
  const items = s.split(separators).map((x) => x.trim());
  if (items.length < 2) return undefined;
  if (/^etc\.?$/i.test(items.at(-1)!)) {
    items.pop();
    why = 'open list ("etc.")';
  }
  const values: string[] = [];
  for (const item of items) {
    const quoted = /^`([^`]+)`$/.exec(item) ?? /^"([^"]+)"$/.exec(item);
    if (quoted) values.push(quoted[1]!);
    else if (bare.test(item)) values.push(item);
    else return undefined;
  }
  return { values, closed: why === undefined, why };
}

/** Markdown table cells of a `| a | b |` line, or undefined. */
function tableCells(line: string): string[] | undefined {
  if (!/^\|.*\|\s*$/.test(line)) return undefined;
  return line
    .trim()
    .slice(1, -1)
    .split('|')
    .map((c) => c.trim());
}

const commaOr = /\s*,\s*(?:or\s+)?|\s+or\s+/;
/**
 * A bare value: a lower-case identifier, or capitalised words ("Om Apex Holdings", "CNAME").
 * Lower-case prose ("Unique, client-provided") is not a list.
 */
const bareWord = /^(?:[a-z][a-z0-9_]*|[A-Z][\w-]*(?: [A-Z][\w-]*)*)$/;
const bareIdentifier = /^[a-z][a-z0-9_]*$/;

// ─── 000: portal, quorum, cortex ──────────────────────────────────────────────────────────────

/**
 * `### table` headings, then `| column | TYPE | notes |` rows. A text column's notes are a list
 * when the whole cell is one: backticked (`` `a`, `b` ``), quoted (`"a", "b"`, `"a" or "b"`) or
 * bare (`High, Medium, Low`). Not lists: JSONB specs, TEXT[] ("Array of …"), single examples.
 */
function parse000(text: string): Found[] {
  const out: Found[] = [];
  let table = '';
  text.split('\n').forEach((line, i) => {
    const heading = /^#{2,4} (.*)$/.exec(line);
    if (heading) table = /^(\w+)(?: \(.*\))?$/.exec(heading[1]!.trim())?.[1] ?? '';
    const cells = tableCells(line);
    if (!table || !cells || cells.length < 3) return;
    const [column, type, notes] = cells as [string, string, string];
    if (!/^\w+$/.test(column) || !/^(TEXT|VARCHAR)\b/i.test(type) || type.includes('[]')) return;
    const list = cellList(notes, commaOr, bareWord);
    if (list) out.push({ line: i + 1, table, column, ...list });
  });
  return out;
}

// ─── 001: bottleneck ──────────────────────────────────────────────────────────────────────────

/**
 * `### table` headings, then `| column | type | constraints | description |` rows. A description
 * that is exactly a slash list of identifiers (`active/completed/failed/expired`) or a label with
 * one in parentheses (`Auth method (email/google/manus)`) is a closed list. Slashes in prose
 * ("Login success/failure", "Rate limit/hour", "Context/scenario") are not lists.
 */
function parse001(text: string): Found[] {
  const out: Found[] = [];
  let table = '';
  text.split('\n').forEach((line, i) => {
    const heading = /^### (\w+)\s*$/.exec(line);
    if (heading) table = heading[1]!;
    else if (/^#{1,3} /.test(line)) table = '';
    const cells = tableCells(line);
    if (!table || !cells || cells.length < 4) return;
    const [column, type] = cells as [string, string];
    const description = cells.at(-1)!;
    if (!/^\w+$/.test(column) || !/^(varchar|text)\b/i.test(type)) return;
    const m = /^(?:[A-Z][\w ]* \()?([a-z0-9_]+(?:\/[a-z0-9_]+)+)\)?$/.exec(description);
    if (!m || (description.includes('(') && !description.endsWith(')'))) return;
    out.push({ line: i + 1, table, column, values: m[1]!.split('/'), closed: true });
  });
  return out;
}

// ─── 002: ownpilot ────────────────────────────────────────────────────────────────────────────

/**
 * `### n.n \`table\`` (or `**\`table\`:**`) headings, then rows whose first cell is `` `column` ``.
 * A constraint cell `CHECK IN (\`a\`, \`b\`)` (optionally "or NULL") is a closed list; a text
 * column's description with backticked examples ("(e.g., `openai`, `anthropic`)", "(`task`,
 * `event`, etc.)") is an open one.
 */
function parse002(text: string): Found[] {
  const out: Found[] = [];
  let table = '';
  text.split('\n').forEach((line, i) => {
    const heading = /^#{2,4} [\d.]+ `(\w+)`/.exec(line) ?? /^\*\*`(\w+)`:\*\*\s*$/.exec(line);
    if (heading) table = heading[1]!;
    else if (/^#{1,4} /.test(line)) table = '';
    const cells = tableCells(line);
    if (!table || !cells) return;
    const column = /^`(\w+)`$/.exec(cells[0] ?? '')?.[1];
    if (!column || !/^TEXT$/.test(cells[1] ?? '')) return;
    const check = cells.map((c) => /^CHECK IN \(([^)]*)\)(?: or NULL)?$/.exec(c)).find(Boolean);
    if (check) {
      const values = [...check[1]!.matchAll(/`([^`]*)`/g)].map((m) => m[1]!);
      out.push({ line: i + 1, table, column, values, closed: true });
      return;
    }
    const list = cellList(cells.at(-1)!, commaOr, bareIdentifier);
    if (list) out.push({ line: i + 1, table, column, ...list });
  });
  return out;
}

// ─── 003: messaging (core, bot) ───────────────────────────────────────────────────────────────

/**
 * `Table: schema.table` lines, then tab-separated `column\ttype\tnotes` lines. Notes that are a
 * comma or ` / ` list of lower-case identifiers are a list (`queued, processing, done, failed`,
 * `inbound / outbound`); `sms, whatsapp, etc` and `e.g. ghl, openai` are open. Prose with a
 * slash ("Phone number / handle") is not a list.
 */
function parse003(text: string): Found[] {
  const out: Found[] = [];
  let schema = '';
  let table = '';
  text.split('\n').forEach((line, i) => {
    const heading = /^Table: (\w+)\.(\w+)\s*$/.exec(line);
    if (heading) {
      schema = heading[1]!;
      table = heading[2]!;
    }
    const cells = line.split('\t').map((c) => c.trim());
    if (!table || cells.length < 3) return;
    const [column, type, notes] = cells as [string, string, string];
    if (!/^\w+$/.test(column) || type !== 'text') return;
    const list = cellList(notes, /\s*,\s*|\s+\/\s+/, bareIdentifier);
    if (list) out.push({ line: i + 1, schema, table, column, ...list });
  });
  return out;
}

// ─── 004: research ────────────────────────────────────────────────────────────────────────────

/**
 * The `## Enumerations` section (`- \`name\`: a, b, c`) and `### table` sections with
 * `| column | type | null | notes |` rows: a column of type `enum(name)` has that enum's values
 * (an enum the section does not list is an error). A text column, or one whose type is a name
 * the section does not list (`claude_context_file_status`), is a list when its notes are one:
 * `` `queued`, `running` `` or `` `ready` (default) / `failed` / `deleted` ``.
 */
function parse004(text: string): Found[] {
  const lines = text.split('\n');
  const enums = new Map<string, string[]>();
  let section = '';
  for (const line of lines) {
    const h2 = /^## (.*)$/.exec(line);
    if (h2) section = h2[1]!.trim();
    const e = /^- `(\w+)`: (.+)$/.exec(line);
    if (section === 'Enumerations' && e)
      enums.set(
        e[1]!,
        e[2]!.split(',').map((v) => v.trim()),
      );
  }
  if (enums.size === 0) throw new Error('004: no "## Enumerations" section');
  const scalar =
    /^(uuid|integer|int|bigint|numeric|jsonb|boolean|bool|timestamptz|date|citext|char\(\d+\)|\w+\[\])$/i;
  const out: Found[] = [];
  let table = '';
  lines.forEach((line, i) => {
    const heading = /^### (\w+)\s*$/.exec(line);
    if (heading) table = heading[1]!;
    else if (/^#{1,2} /.test(line)) table = '';
    const cells = tableCells(line);
    if (!table || !cells || cells.length < 4) return;
    const [column, type] = cells as [string, string];
    const notes = cells.at(-1)!;
    if (!/^\w+$/.test(column) || column === 'Column' || scalar.test(type)) return;
    const enumName = /^enum\((\w+)\)$/.exec(type)?.[1];
    if (enumName) {
      const values = enums.get(enumName);
      if (!values) throw new Error(`004 line ${i + 1}: enum(${enumName}) is not in "## Enumerations"`);
      out.push({ line: i + 1, table, column, values: [...values], closed: true });
      return;
    }
    const list = cellList(notes, /\s*,\s*|\s*\/\s*/, bareIdentifier);
    if (list) out.push({ line: i + 1, table, column, ...list });
  });
  return out;
}

const parsers: Record<DocumentId, (text: string) => Found[]> = {
  '000': parse000,
  '001': parse001,
  '002': parse002,
  '003': parse003,
  '004': parse004,
};
