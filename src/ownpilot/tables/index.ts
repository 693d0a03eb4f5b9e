// The tables of OwnPilot, one file per domain module (docs/architecture.md).
export * from './agents';
export * from './autonomy';
export * from './channels';
export * from './chat';
export * from './config';
export * from './costs';
export * from './custom';
export * from './integrations';
export * from './local-ai';
export * from './logs';
export * from './models';
export * from './personal';
export * from './plugins';
export * from './productivity';
export * from './settings';
export * from './workspaces';
