// Pure helpers behind upsertBrand and ingestAds (internal: not exported by index.ts).

/**
 * Trailing legal-form words dropped from a brand name (after punctuation is folded, so "Inc.",
 * "S.A." and "GmbH & Co. KG" arrive as "inc", "sa", "gmbh and co kg"). Repeatedly, while another
 * word is left: "Acme GmbH & Co. KG" → "acme"; a name that is only a legal form ("Company") stays.
 */
export const LEGAL_SUFFIXES: ReadonlySet<string> = new Set([
  'inc',
  'incorporated',
  'llc',
  'llp',
  'ltd',
  'limited',
  'corp',
  'corporation',
  'co',
  'company',
  'plc',
  'gmbh',
  'ag',
  'kg',
  'sa',
  'sarl',
  'sas',
  'srl',
  'spa',
  'bv',
  'nv',
  'pty',
  'pte',
]);

/** Trademark signs, dropped before NFKC (which would turn ™ into "TM" and ℠ into "SM"). */
const TRADEMARK_SIGNS = /[\u2122\u2120\u00ae\u00a9]/gu;
/** Apostrophes and periods join their neighbours: "Levi's" = "Levis", "S.A." = "SA". */
const JOINING = /['\u2018\u2019\u02bc.]/gu;
/** Every other punctuation or symbol character separates words. */
const SEPARATING = /[\p{P}\p{S}]/gu;

/** Case, width and whitespace only (NFKC, trim, collapse, lower case): the fallback form. */
function foldCase(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * The value of brands.normalized_name (docs/research.md, "Brand names"): trademark signs dropped,
 * NFKC, lower case; apostrophes and periods removed; `&` read as "and"; every other punctuation or
 * symbol character (Unicode P and S) a space; whitespace collapsed and trimmed; trailing legal forms
 * (LEGAL_SUFFIXES, with an "and" just before one) dropped while another word is left. Letters with diacritics are kept as they are
 * ("Nestlé" ≠ "Nestle"). A name with no letter or digit left keeps its case-folded form ("!!!").
 * "  ACME, Inc. " → "acme"; "Marks & Spencer plc" → "marks and spencer"; "Coca-Cola™" → "coca cola".
 */
export function normalizeBrandName(name: string): string {
  const words = name
    .replace(TRADEMARK_SIGNS, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(JOINING, '')
    .replace(/&/g, ' and ')
    .replace(SEPARATING, ' ')
    .split(/\s+/)
    .filter((w) => w !== '');
  // A legal form, and the "and" that joined it ("& Co."), while another word is left.
  for (let dropped = false; words.length > 1; ) {
    const last = words[words.length - 1]!;
    if (LEGAL_SUFFIXES.has(last) || (dropped && last === 'and')) {
      words.pop();
      dropped = true;
    } else break;
  }
  return words.length > 0 ? words.join(' ') : foldCase(name);
}

/** The bare host of a website URL: lower case, no scheme, no `www.`, no port, path or query; null when unparsable. */
export function domainFromUrl(url: string): string | null {
  const raw = url.trim();
  if (!raw) return null;
  try {
    const host = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`).hostname.toLowerCase();
    const domain = host.replace(/^www\./, '').replace(/\.$/, '');
    return domain.includes('.') ? domain : null;
  } catch {
    return null;
  }
}
