// Pure helpers behind upsertBrand and ingestAds (internal: not exported by index.ts).

/** Trimmed, NFKC-normalised, whitespace collapsed, lower case: "  ACME   Inc " → "acme inc". */
export function normalizeBrandName(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
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
