import { sql } from 'drizzle-orm';
import { foreignKey, text, unique, uuid } from 'drizzle-orm/pg-core';
import { citext, timestamptz, uuidPk } from '../../columns';
import { researchSchema } from '../schema';
import { clientStatus, userRole } from './enums';

export const orgs = researchSchema.table(
  'orgs',
  {
    id: uuidPk('id'),
    externalId: text('external_id'),
    name: text('name').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [unique('orgs_external_id_key').on(t.externalId)],
);

export const users = researchSchema.table(
  'users',
  {
    id: uuidPk('id'),
    orgId: uuid('org_id').notNull(),
    clerkUserId: text('clerk_user_id').notNull(),
    email: citext('email').notNull(),
    role: userRole('role').notNull(),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('uq_users_org_email').on(t.orgId, t.email),
    // Not documented: the target of the owner-checking FK artifacts (created_by_user, org_id).
    unique('users_id_org_id_key').on(t.id, t.orgId),
    foreignKey({ name: 'users_org_id_fkey', columns: [t.orgId], foreignColumns: [orgs.id] }).onDelete(
      'cascade',
    ),
  ],
);

export const clients = researchSchema.table(
  'clients',
  {
    id: uuidPk('id'),
    orgId: uuid('org_id').notNull(),
    name: text('name').notNull(),
    industry: text('industry'),
    primaryMarkets: text('primary_markets').array().notNull().default(sql`'{}'::text[]`),
    primaryLanguages: text('primary_languages').array().notNull().default(sql`'{}'::text[]`),
    status: clientStatus('status').notNull().default('active'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    // Not documented: the target of the owner-checking FKs (client_id, org_id) → clients (id, org_id).
    unique('clients_id_org_id_key').on(t.id, t.orgId),
    foreignKey({ name: 'clients_org_id_fkey', columns: [t.orgId], foreignColumns: [orgs.id] }).onDelete(
      'cascade',
    ),
  ],
);
