import * as chat from './chat';
import * as memory from './memory';
import * as publishing from './publishing';
import * as relations from './relations';

export * from './archive';
export * from './chat';
export * from './memory';
export * from './publish';
export * from './publishing';
export * from './relations';
export * from './schema';
export * from './search';
export * from './sessions';
export * from './validators';

/** Tables and relations of Om Cortex, for `drizzle(client, { schema })`. */
export const schema = {
  cortexSessions: chat.cortexSessions,
  cortexTurns: chat.cortexTurns,
  cortexAuditLog: chat.cortexAuditLog,
  cortexConversations: memory.cortexConversations,
  cortexKnowledge: memory.cortexKnowledge,
  cortexMemory: memory.cortexMemory,
  cortexPublishLog: publishing.cortexPublishLog,
  cortexOauthTokens: publishing.cortexOauthTokens,
  cortexChannelConfigs: publishing.cortexChannelConfigs,
  ...relations,
};
export * from './oauth-secrets';
