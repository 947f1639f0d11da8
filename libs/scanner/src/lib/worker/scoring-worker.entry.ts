/** The scoring worker's entry when run from source (esbuild bundles it: scoring-worker-script.ts); ADR 0025. */
import 'reflect-metadata';
import { runScoringWorker } from './scoring-worker';

runScoringWorker();
