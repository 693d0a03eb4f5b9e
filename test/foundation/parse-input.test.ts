import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseInput, pgStorable } from '../../src/result';

describe('parseInput', () => {
  const schema = z.object({ name: z.string().max(10), meta: z.record(z.string(), z.unknown()).default({}) });

  it('passes valid input through', () => {
    expect(parseInput(schema, { name: 'ok' })).toEqual({ success: true, data: { name: 'ok', meta: {} } });
  });

  it('turns schema violations into INVALID_INPUT with a message naming the field', () => {
    const r = parseInput(schema, { name: 'x'.repeat(11) });
    expect(r).toMatchObject({ success: false, error: 'INVALID_INPUT' });
    if (!r.success) expect(r.message).toMatch(/^name: /);
  });

  it('refuses strings PostgreSQL cannot store, anywhere in the input', () => {
    for (const bad of [
      { name: 'a\u0000b' },
      { name: 'ok', meta: { deep: ['\uD800'] } },
      { name: 'ok', meta: { 'k\u0000': 1 } },
    ]) {
      expect(parseInput(schema, bad)).toMatchObject({ success: false, error: 'INVALID_INPUT' });
    }
    expect(pgStorable('emoji 😀 ok')).toBe(true);
    expect(pgStorable({ when: new Date(), bytes: Buffer.from([0]) })).toBe(true);
  });
});
