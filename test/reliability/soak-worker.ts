// A worker process for the soak: createWorker on bot.job_queue, handlers that fail at random.
// Started by soak.ts with: SOAK_URL, SOAK_WORKER_ID, SOAK_FAIL_RATE, SOAK_MAX_ATTEMPTS.
import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { createWorker } from '../../src/messaging/worker';

const client = postgres(process.env.SOAK_URL!, { max: 4, onnotice: () => {} });
const db = drizzle(client);
const failRate = Number(process.env.SOAK_FAIL_RATE ?? 0.2);
const controller = new AbortController();
process.on('SIGTERM', () => controller.abort());
const worker = createWorker(db, {
  workerId: process.env.SOAK_WORKER_ID!,
  concurrency: 8,
  pollIntervalMs: 50,
  maxAttempts: Number(process.env.SOAK_MAX_ATTEMPTS ?? 5),
  signal: controller.signal,
  onError: () => {},
  handlers: {
    soak: async () => {
      if (Math.random() < failRate) throw new Error('random failure');
    },
  },
});
process.send?.({ ready: true });
await worker.stopped;
process.send?.({ stats: worker.stats });
await client.end();
process.exit(0);
