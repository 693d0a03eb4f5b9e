import { pgSchema } from 'drizzle-orm/pg-core';

export const ownpilotSchema = pgSchema('ownpilot');
