export { SystemConfig, type SystemConfigOptions, type ConfigKey, type ConfigListener } from './system-config';
export { nodeName } from './node-name';
export { LiveSettings, sharedLiveSettings } from './live-settings';
