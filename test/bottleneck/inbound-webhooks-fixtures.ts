import { registerWebhookChannel, verifyWebhookChannel } from '../../src/bottleneck';
import type { Database } from '../../src/db';
import { makeUser } from './fixtures';

/** A registered and verified channel of a new (or the given) user. */
export async function verifiedWebhook(db: Database, userId?: number) {
  const owner = userId ?? (await makeUser(db));
  const r = await registerWebhookChannel(db, { userId: owner, channelType: 'sms', channelName: 'Phone' });
  if (!r.success) throw new Error(r.message);
  const v = await verifyWebhookChannel(db, {
    userId: owner,
    webhookId: r.webhook.id,
    code: r.webhook.verificationCode!,
  });
  if (!v.success) throw new Error(v.message);
  return { userId: owner, id: r.webhook.id, token: r.webhook.webhookToken };
}

/** A text message from a phone number, with `extra` fields. */
export const inboundMessage = (extra: Record<string, unknown> = {}) => ({
  senderIdentifier: '+15550100',
  messageType: 'text' as const,
  content: 'please book a meeting',
  ...extra,
});
