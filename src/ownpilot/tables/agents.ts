import { text, unique } from 'drizzle-orm/pg-core';
import { createdAt, jsonObject, textId, updatedAt } from '../../columns';
import { ownpilotSchema } from '../schema';

/** §11.1 Configured AI agent profiles. */
export const agents = ownpilotSchema.table(
  'agents',
  {
    id: textId(),
    name: text('name').notNull(),
    systemPrompt: text('system_prompt'),
    provider: text('provider').notNull(),
    model: text('model').notNull(),
    config: jsonObject('config').notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique('agents_name_key').on(t.name)],
);
