// Test helpers of @ibsc/scanner (an in-memory market behind the source seam, and a deterministic synthetic market).
// Import path: '@ibsc/scanner/testing' once tsconfig.base.json maps it (like '@ibsc/ibkr/testing').
export * from './lib/sources/in-memory-market';
export * from './lib/testing/synthetic-market';
export * from './lib/testing/hand-chain';
export * from './lib/testing/hand-rows';
