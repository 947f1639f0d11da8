export * from './lib/gateway-status.source';
