import * as relations from './relations';
import { ownpilotTables } from './tables';

export * from './agents';
export * from './autonomy';
export * from './channels';
export * from './chat';
export * from './config';
export * from './costs';
export * from './custom';
export * from './customDataTools';
export * from './goalTools';
export * from './integrations';
export * from './localAi';
export * from './logs';
export * from './memoryTools';
export * from './models';
export * from './personal';
export * from './personalTools';
export * from './planTools';
export * from './plugins';
export * from './productivity';
export * from './relations';
export * from './schema';
export * from './settings';
export * from './tables';
export * from './taskTools';
export * from './validators';
export * from './workspaces';

/** For `drizzle(client, { schema })`. */
export const schema = { ...ownpilotTables, ...relations };
export * from './oauth-secrets';
