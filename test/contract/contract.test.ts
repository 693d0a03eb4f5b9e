import { describe, expect, it } from 'vitest';
import { exportedFunctions, loadSystem, nonRepositoryExports, systemNames } from './contract';

// Every exported function of every system is a repository function with the full contract
// (`<fn>Input`, `<fn>Errors`), or a listed non-repository export.
describe.each(systemNames)('%s: every exported repository function carries its contract', (system) => {
  it('exports <fn>Input (a zod schema) and <fn>Errors (its codes, INVALID_INPUT first)', async () => {
    const mod = await loadSystem(system);
    const missing: string[] = [];
    for (const name of exportedFunctions(mod)) {
      if (name in nonRepositoryExports) continue;
      const input = mod[`${name}Input`] as { safeParse?: unknown } | undefined;
      const errors = mod[`${name}Errors`] as unknown;
      if (typeof input?.safeParse !== 'function') missing.push(`${name}Input`);
      if (!Array.isArray(errors) || errors[0] !== 'INVALID_INPUT' || new Set(errors).size !== errors.length)
        missing.push(`${name}Errors`);
    }
    expect(missing).toEqual([]);
  });
});

it('every listed non-repository export still exists somewhere', async () => {
  const all = new Set<string>();
  for (const system of systemNames)
    for (const name of exportedFunctions(await loadSystem(system))) all.add(name);
  expect(Object.keys(nonRepositoryExports).filter((n) => !all.has(n))).toEqual([]);
});
