import { createTestDb } from '../src/testing';
let t0 = performance.now();
const t = await createTestDb();
console.log('first', Math.round(performance.now() - t0));
t0 = performance.now();
const u = await createTestDb();
console.log('second', Math.round(performance.now() - t0));
await t.close(); await u.close();
