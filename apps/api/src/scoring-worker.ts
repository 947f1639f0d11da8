/**
 * The scan's scoring worker thread (ADR 0025), bundled as scoring-worker.js beside main.js (webpack.config.cjs); the
 * scanner starts it (libs/scanner/src/lib/worker/scoring-worker-script.ts).
 */
import 'reflect-metadata';
import { runScoringWorker } from '@ibsc/scanner/worker';

runScoringWorker();
