import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyDb, insertOrExisting, narrowDb } from '../db';
import { count4, INDEX_ENTRY_BUDGET, utf8Bytes, uuidInput } from '../input';
import { fail, isConstraintViolation, ok, parseInput, type Result, transactionResult } from '../result';
import { missingReference, notFoundMessage } from './owner';
import { claudeContextFileStatusValues } from './tables/enums';
import { claudeContextFiles } from './tables/workflows';
import type { ClaudeContextFile } from './validators';
import { sha256Hex } from './validators';

const text = (max = 2000) => z.string().trim().min(1).max(max);
/**
 * A text column of claude_context_files_org_workspace_doc_sha256_key: the three text columns of
 * that index share its entry budget.
 */
const keyPart = (max: number) =>
  text(max).refine((s) => utf8Bytes(s) <= Math.floor(INDEX_ENTRY_BUDGET / 3), {
    error: `at most ${Math.floor(INDEX_ENTRY_BUDGET / 3)} bytes (UTF-8): the column is part of a unique index`,
  });

export const registerContextFileInput = z.object({
  orgId: uuidInput(),
  ideaWorkspaceId: keyPart(500),
  /** A client of the org. */
  clientId: uuidInput().nullish(),
  /** A campaign of the org (and of `clientId` when given). */
  campaignId: uuidInput().nullish(),
  docKey: keyPart(500),
  docTitle: text().nullish(),
  sourceKind: text(200),
  stepKey: text(50).nullish(),
  sha256: sha256Hex,
  claudeFileId: text(500).nullish(),
  filename: text(1000).nullish(),
  mimeType: text(200).nullish(),
  sizeBytes: count4().nullish(),
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

const notFound = {
  org: 'ORG_NOT_FOUND',
  client: 'CLIENT_NOT_FOUND',
  campaign: 'CAMPAIGN_NOT_FOUND',
} as const;
const fkErrors: [string, keyof typeof notFound][] = [
  ['claude_context_files_org_id_fkey', 'org'],
  ['claude_context_files_client_id_fkey', 'client'],
  ['claude_context_files_campaign_id_fkey', 'campaign'],
];

/**
 * Registers one content version of a workspace document. Idempotent on
 * (org_id, idea_workspace_id, doc_key, sha256): a repeat returns the stored row (created: false)
 * and changes nothing, also under concurrency (INSERT … ON CONFLICT DO NOTHING). The client and
 * campaign are checked first, in the same transaction, also on a repeat: another org's id (or a
 * campaign of another client) answers like a missing one.
 */
export async function registerContextFile(
  db: AnyDb,
  input: z.input<typeof registerContextFileInput>,
): Promise<Result<{ file: ClaudeContextFile; created: boolean }, RegisterContextFileError>> {
  narrowDb(db);
  const parsed = parseInput(registerContextFileInput, input);
  if (!parsed.success) return parsed;
  const v = parsed.data;
  try {
    return await transactionResult(db, async (tx) => {
      const missing = await missingReference(tx, {
        orgId: v.orgId,
        clientId: v.clientId,
        campaignId: v.campaignId,
      });
      if (missing === 'org' || missing === 'client' || missing === 'campaign')
        return fail(notFound[missing], notFoundMessage[missing]);
      const { row, created } = await insertOrExisting(
        'registerContextFile',
        () =>
          tx
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
            .returning(),
        () =>
          tx
            .select()
            .from(claudeContextFiles)
            .where(
              and(
                eq(claudeContextFiles.orgId, v.orgId),
                eq(claudeContextFiles.ideaWorkspaceId, v.ideaWorkspaceId),
                eq(claudeContextFiles.docKey, v.docKey),
                eq(claudeContextFiles.sha256, v.sha256),
              ),
            ),
      );
      return ok({ file: row, created });
    });
  } catch (error) {
    for (const [constraint, ref] of fkErrors)
      if (isConstraintViolation(error, '23503', constraint)) return fail(notFound[ref], notFoundMessage[ref]);
    throw error;
  }
}
