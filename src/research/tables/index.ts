// The tables of the ad-research platform, one file per domain module (docs/architecture.md).
export * from './ads';
export * from './campaigns';
export * from './enums';
export * from './offers';
export * from './swipes';
export * from './tenancy';
export * from './workflows';
