import {
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  serial,
  text,
  varchar,
  vector,
} from 'drizzle-orm/pg-core';
import { camelTimestamps, timestampPlain } from '../../columns';
import { bottleneckSchema } from '../schema';
import { users } from './auth';

/** Top-level documentation documents. */
export const documentationSources = bottleneckSchema.table(
  'documentation_sources',
  {
    id: serial('id').primaryKey(),
    userId: integer('userId'),
    platform: varchar('platform', { length: 50 }).notNull(),
    category: varchar('category', { length: 50 }).notNull(),
    title: text('title').notNull(),
    sourceUrl: text('sourceUrl'),
    sourceType: varchar('sourceType', { length: 50 }),
    version: varchar('version', { length: 50 }),
    content: text('content').notNull(),
    contentHash: varchar('contentHash', { length: 64 }),
    isActive: boolean('isActive').notNull().default(true),
    metadata: jsonb('metadata'),
    tags: jsonb('tags'),
    ...camelTimestamps(),
  },
  (t) => [
    foreignKey({
      name: 'documentation_sources_userId_fkey',
      columns: [t.userId],
      foreignColumns: [users.id],
    }),
  ],
);

/** Chunked documents for retrieval. */
export const documentationChunks = bottleneckSchema.table(
  'documentation_chunks',
  {
    id: serial('id').primaryKey(),
    sourceId: integer('sourceId').notNull(),
    chunkIndex: integer('chunkIndex').notNull(),
    content: text('content').notNull(),
    tokenCount: integer('tokenCount').notNull(),
    metadata: jsonb('metadata'),
    createdAt: timestampPlain('createdAt').notNull().defaultNow(),
    // Not in the column table: the document adds it "when pgvector is enabled", which it always is here.
    embedding: vector('embedding', { dimensions: 1536 }),
  },
  (t) => [
    index('documentation_chunks_embedding_idx').using('hnsw', t.embedding.op('vector_cosine_ops')),
    foreignKey({
      name: 'documentation_chunks_sourceId_fkey',
      columns: [t.sourceId],
      foreignColumns: [documentationSources.id],
    }).onDelete('cascade'),
  ],
);

/** Keywords for platform detection. */
export const platformKeywords = bottleneckSchema.table('platform_keywords', {
  id: serial('id').primaryKey(),
  platform: varchar('platform', { length: 50 }).notNull(),
  keyword: varchar('keyword', { length: 255 }).notNull(),
  weight: integer('weight').notNull().default(1),
  category: varchar('category', { length: 50 }),
  isActive: boolean('isActive').notNull().default(true),
  createdAt: timestampPlain('createdAt').notNull().defaultNow(),
});
