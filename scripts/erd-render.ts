/**
 * Renders Mermaid diagrams the way GitHub shows them (Mermaid with its default settings) in a real
 * headless Chromium and measures them: used by `scripts/docs.ts --check` to refuse diagrams that do
 * not parse, draw too many entities or are too wide to read at page width.
 *
 * Mermaid comes from node_modules/mermaid/dist/mermaid.min.js, loaded into blank pages (no network).
 * The browser is Debian's chromium (`apt-get install -y chromium`); CHROMIUM_PATH overrides the path.
 *
 * Speed: Mermaid queues its render calls, so diagrams rendered "in parallel" in one page still run one
 * after the other. One browser with one page per CPU (at most 4), each rendering its share of the
 * diagrams, is what runs in parallel; identical diagram texts are rendered once.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';

export interface Rendered {
  id: string;
  /** Parse or render error; undefined when the diagram rendered. */
  error?: string;
  /** The rendered SVG's natural size (its viewBox), in px. */
  width: number;
  height: number;
  /** Boxes drawn (ER entities, stubs included; flowchart nodes). */
  entities: number;
}

/** Limits of the render check. */
export interface RenderLimits {
  maxEntities: number;
  maxWidth: number;
}

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Result of one diagram inside the page (before the ids are attached). */
type Measured = Omit<Rendered, 'id'>;

/**
 * Runs in the browser page: renders each text with Mermaid's defaults and measures the SVG. Typed
 * against the few DOM members it uses, so the project does not need the DOM lib.
 */
async function renderInPage(texts: string[]): Promise<Measured[]> {
  interface Doc {
    querySelectorAll(selector: string): { length: number };
  }
  const g = globalThis as unknown as {
    mermaid: {
      initialize(config: Record<string, unknown>): void;
      render(id: string, text: string): Promise<{ svg: string }>;
    };
    DOMParser: new () => { parseFromString(text: string, type: string): Doc };
  };
  g.mermaid.initialize({ startOnLoad: false });
  const parser = new g.DOMParser();
  const out: Measured[] = [];
  let n = 0;
  for (const text of texts) {
    try {
      const { svg } = await g.mermaid.render(`erd${n++}`, text);
      const vb =
        /viewBox="([^"]*)"/
          .exec(svg)?.[1]
          ?.split(/[\s,]+/)
          .map(Number) ?? [];
      // As HTML: labels hold HTML (e.g. <br>) that an XML parser stops at.
      const doc = parser.parseFromString(svg, 'text/html');
      out.push({
        width: Math.round(vb[2] ?? Number.NaN),
        height: Math.round(vb[3] ?? Number.NaN),
        entities: doc.querySelectorAll('g.node').length,
      });
    } catch (e) {
      out.push({ error: String((e as Error)?.message ?? e), width: 0, height: 0, entities: 0 });
    }
  }
  return out;
}

/** Renders every diagram in headless Chromium; throws when the browser is missing or cannot start. */
export async function renderDiagrams(
  diagrams: { id: string; text: string }[],
  executablePath = CHROMIUM,
): Promise<Rendered[]> {
  if (!existsSync(executablePath))
    throw new Error(
      `no browser at ${executablePath}: the diagram render check needs Chromium (Debian: \`apt-get install -y chromium\`; or set CHROMIUM_PATH)`,
    );
  const require = createRequire(import.meta.url);
  const { chromium } = await import('playwright-core');
  const mermaidJs = readFileSync(require.resolve('mermaid/dist/mermaid.min.js'), 'utf8');
  const texts = [...new Set(diagrams.map((d) => d.text))];
  const pages = Math.max(1, Math.min(4, availableParallelism(), texts.length));
  const browser = await chromium.launch({ executablePath, headless: true, args: ARGS });
  const measured = new Map<string, Measured>();
  try {
    await Promise.all(
      Array.from({ length: pages }, async (_, k) => {
        const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
        // Nothing leaves the machine: every request is refused.
        await page.route('**/*', (route) => route.abort());
        await page.setContent('<!doctype html><html><body></body></html>');
        await page.addScriptTag({ content: mermaidJs });
        const mine = texts.filter((_, i) => i % pages === k);
        const results = await page.evaluate(renderInPage, mine);
        for (const [i, t] of mine.entries()) measured.set(t, results[i]!);
      }),
    );
  } finally {
    await browser.close();
  }
  return diagrams.map((d) => ({ id: d.id, ...measured.get(d.text)! }));
}

/** The diagrams that break a limit, as one line each. */
export function renderProblems(results: Rendered[], limits: RenderLimits): string[] {
  const problems: string[] = [];
  for (const r of results) {
    if (r.error) problems.push(`${r.id}: does not render: ${r.error.split('\n')[0]}`);
    else if (!Number.isFinite(r.width)) problems.push(`${r.id}: rendered without a size`);
    else if (r.entities > limits.maxEntities)
      problems.push(`${r.id}: ${r.entities} entities (limit ${limits.maxEntities})`);
    else if (r.width > limits.maxWidth)
      problems.push(`${r.id}: ${r.width} px wide (limit ${limits.maxWidth})`);
  }
  return problems;
}
