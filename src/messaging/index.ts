export * from './inbound';
export * from './jobs';
export * from './schema';
export * from './tenants';
