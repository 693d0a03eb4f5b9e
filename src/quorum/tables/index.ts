// The tables of AI Quorum, one file per domain module (docs/architecture.md).
export * from './attribution';
export * from './consensus';
export * from './coupons';
export * from './models';
