import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, pgConstraint, pgErrorCode } from '../db';
import { fail, ok, parseInput, type Result } from '../result';
import { claudeContextFileStatusValues } from './enums';
import { sha256Hex } from './validators';
import { claudeContextFiles } from './workflows';

export type ClaudeContextFile = typeof claudeContextFiles.$inferSelect;

const text = (max = 2000) => z.string().trim().min(1).max(max);

export const registerContextFileInput = z.object({
  orgId: z.uuid(),
  ideaWorkspaceId: text(500),
  clientId: z.uuid().nullish(),
  campaignId: z.uuid().nullish(),
  docKey: text(500),
  docTitle: text().nullish(),
  sourceKind: text(200),
  stepKey: text(50).nullish(),
  sha256: sha256Hex,
  claudeFileId: text(500).nullish(),
  filename: text(1000).nullish(),
  mimeType: text(200).nullish(),
  sizeBytes: z.number().int().min(0).max(2_147_483_647).nullish(),
  driveDocId: text(500).nullish(),
  driveUrl: z.url().max(2048).nullish(),
  status: z.enum(claudeContextFileStatusValues).optional(),
  error: z.string().max(10_000).nullish(),
});
export const registerContextFileErrors = [
  'INVALID_INPUT',
  'ORG_NOT_FOUND',
  'CLIENT_NOT_FOUND',
  'CAMPAIGN_NOT_FOUND',
] as const;
export type RegisterContextFileError = (typeof registerContextFileErrors)[number];

/**
 * Registers one content version of a workspace document. Idempotent on
 * (org_id, idea_workspace_id, doc_key, sha256): a repeat returns the stored row (created: false)
 * and changes nothing, also under concurrency (INSERT … ON CONFLICT DO NOTHING).
 */
export async function registerContextFile(
  db: DbOrTx,
  input: z.input<typeof registerContextFileInput>,
): Promise<Result<{ file: ClaudeContextFile; created: boolean }, RegisterContextFileError>> {
  const parsed = parseInput(registerContextFileInput, input);
  if (!parsed.success) return parsed;
  const v = parsed.data;
  // The conflicting row can be deleted between the two statements; then insert again.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const [inserted] = await db
        .insert(claudeContextFiles)
        .values(v)
        .onConflictDoNothing({
          target: [
            claudeContextFiles.orgId,
            claudeContextFiles.ideaWorkspaceId,
            claudeContextFiles.docKey,
            claudeContextFiles.sha256,
          ],
        })
        .returning();
      if (inserted) return ok({ file: inserted, created: true });
    } catch (error) {
      if (pgErrorCode(error) === '23503') {
        const c = pgConstraint(error);
        if (c === 'claude_context_files_client_id_fkey')
          return fail('CLIENT_NOT_FOUND', 'no client with this id');
        if (c === 'claude_context_files_campaign_id_fkey')
          return fail('CAMPAIGN_NOT_FOUND', 'no campaign with this id');
        return fail('ORG_NOT_FOUND', 'no org with this id');
      }
      throw error;
    }
    const [existing] = await db
      .select()
      .from(claudeContextFiles)
      .where(
        and(
          eq(claudeContextFiles.orgId, v.orgId),
          eq(claudeContextFiles.ideaWorkspaceId, v.ideaWorkspaceId),
          eq(claudeContextFiles.docKey, v.docKey),
          eq(claudeContextFiles.sha256, v.sha256),
        ),
      );
    if (existing) return ok({ file: existing, created: false });
  }
  throw new Error('registerContextFile: the conflicting row disappeared three times in a row');
}
