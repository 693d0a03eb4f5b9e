// The tables of Bottleneck Bots, one file per domain module (docs/architecture.md).
export * from './admin';
export * from './ads';
export * from './agents';
export * from './alerts';
export * from './auth';
export * from './billing';
export * from './browser';
export * from './costs';
export * from './email';
export * from './knowledge';
export * from './leads';
export * from './rag';
export * from './seo';
export * from './sop';
export * from './webhooks';
export * from './webhooks-tasks';
export * from './workflows';
