// The tables of the Owner Portal, one file per domain module (docs/architecture.md).
export * from './dns';
export * from './leads';
export * from './ops';
