// Type tests (checked by `tsc --noEmit`): the validators generated from the table list
// (src/validators-of.ts) have the precise types the kit gives one table at a time.
import { createSelectSchema } from 'drizzle-zod';
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import * as b from '../../src/bottleneck';
import { insertSchema, updateSchema } from '../../src/input';

describe('bottleneck validators generated from the table list', () => {
  it('have the type of the schema built for the table on its own', () => {
    expectTypeOf(b.insertSessionSchema).toEqualTypeOf(insertSchema(b.sessions));
    expectTypeOf(b.selectSessionSchema).toEqualTypeOf(createSelectSchema(b.sessions));
    expectTypeOf(b.updateSessionSchema).toEqualTypeOf(updateSchema(b.sessions));
    // An entity named explicitly (adAnalyses → AdAnalysis, not AdAnalyse).
    expectTypeOf(b.insertAdAnalysisSchema).toEqualTypeOf(insertSchema(b.adAnalyses));
  });

  it('give a consumer the columns with their types and optionality', () => {
    expectTypeOf<z.input<typeof b.insertSessionSchema>>().toEqualTypeOf<{
      id: string;
      userId: number;
      expiresAt: Date;
    }>();
    expectTypeOf<z.infer<typeof b.selectSessionSchema>>().toEqualTypeOf<b.Session>();
    expectTypeOf<z.infer<typeof b.updateSessionSchema>>().toEqualTypeOf<{
      id?: string | undefined;
      userId?: number | undefined;
      expiresAt?: Date | undefined;
    }>();
    type NewAd = z.infer<typeof b.insertAdAnalysisSchema>;
    expectTypeOf<NewAd['screenshotUrl']>().toEqualTypeOf<string>();
    expectTypeOf<NewAd['ctr']>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<NewAd>().not.toHaveProperty('nope');
  });
});
