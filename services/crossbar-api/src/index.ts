export { createCrossbarApp, type CrossbarAppOptions } from './core/app';
export * from './core/types';
export { encodeStartKey, decodeStartKey, pageOf, type PageRequest, type Page } from './core/pagination';
export { startCrossbar, type CrossbarService, type CrossbarStartOptions } from './service';
