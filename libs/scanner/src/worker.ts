// @ibsc/scanner/worker: the scan's scoring worker thread (ADR 0025), for the API's bundled entry. It loads only the
// engine and its codecs (no Nest, no gateway client).
export { runScoringWorker } from './lib/worker/scoring-worker';
