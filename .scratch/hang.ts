import { createTestDb } from '../src/testing';
const t0 = performance.now();
const t = await createTestDb();
console.log('created', Math.round(performance.now() - t0));
await t.close();
console.log('closed', Math.round(performance.now() - t0));
