import { sql } from 'drizzle-orm';
import { char, foreignKey, integer, text, uuid } from 'drizzle-orm/pg-core';
import { timestamptz, uuidPk } from '../../columns';
import { researchSchema } from '../schema';
import { clients, orgs } from './tenancy';

export const productOffers = researchSchema.table(
  'product_offers',
  {
    id: uuidPk('id'),
    orgId: uuid('org_id').notNull(),
    clientId: uuid('client_id').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    businessModel: text('business_model').notNull(),
    differentiationBullets: text('differentiation_bullets').array().notNull().default(sql`'{}'::text[]`),
    guaranteeText: text('guarantee_text'),
    createdAt: timestamptz('created_at').notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: 'product_offers_org_id_fkey',
      columns: [t.orgId],
      foreignColumns: [orgs.id],
    }).onDelete('cascade'),
    foreignKey({
      name: 'product_offers_client_id_fkey',
      columns: [t.clientId, t.orgId],
      foreignColumns: [clients.id, clients.orgId],
    }).onDelete('cascade'),
  ],
);

export const productOfferPricePoints = researchSchema.table(
  'product_offer_price_points',
  {
    id: uuidPk('id'),
    offerId: uuid('offer_id').notNull(),
    label: text('label').notNull(),
    amountCents: integer('amount_cents').notNull(),
    currency: char('currency', { length: 3 }).notNull(),
  },
  (t) => [
    foreignKey({
      name: 'product_offer_price_points_offer_id_fkey',
      columns: [t.offerId],
      foreignColumns: [productOffers.id],
    }).onDelete('cascade'),
  ],
);
