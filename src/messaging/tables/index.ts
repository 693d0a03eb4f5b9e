// The tables of the messaging platform, one file per domain module (docs/architecture.md).
export * from './inbound';
export * from './jobs';
export * from './tenants';
