import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgPolicy, text } from 'drizzle-orm/pg-core';
import { serviceRole } from 'drizzle-orm/supabase';
import { timestamptz, uuidPk } from '../../columns';
import { portalSchema } from '../schema';

export const leadBrandValues = ['om_apex_holdings', 'om_ai_solutions', 'om_supply_chain'] as const;
export const leadFormTypeValues = ['general', 'demo_request', 'consultation_request'] as const;

/**
 * Contact-form submissions. RLS is on and the only policy is for `service_role`: `anon` and
 * `authenticated` hold table privileges (as on Supabase) but see and write nothing.
 */
export const leads = portalSchema
  .table(
    'leads',
    {
      id: uuidPk('id'),
      email: text('email').notNull(),
      firstname: text('firstname'),
      lastname: text('lastname'),
      company: text('company'),
      phone: text('phone'),
      brand: text('brand', { enum: leadBrandValues }).notNull(),
      formType: text('form_type', { enum: leadFormTypeValues }).notNull().default('general'),
      message: text('message'),
      metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
      hubspotContactId: text('hubspot_contact_id'),
      hubspotSynced: boolean('hubspot_synced').notNull().default(false),
      createdAt: timestamptz('created_at').notNull().defaultNow(),
    },
    (t) => [
      index('leads_brand_idx').on(t.brand),
      index('leads_email_idx').on(t.email),
      pgPolicy('leads_service_role_all', {
        as: 'permissive',
        for: 'all',
        to: serviceRole,
        using: sql`true`,
        withCheck: sql`true`,
      }),
    ],
  )
  .enableRLS();
