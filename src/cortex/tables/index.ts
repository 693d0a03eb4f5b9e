// The tables of Om Cortex, one file per domain module (docs/architecture.md).
export * from './chat';
export * from './memory';
export * from './publishing';
