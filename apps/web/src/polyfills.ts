/**
 * `@ibsc/shared-dto` carries the API's request DTOs (class-validator / class-transformer decorators) next to the
 * plain types and constants the console imports. Importing any value from it evaluates those decorators, and
 * class-transformer's `@Type` calls `Reflect.getMetadata` at that moment: without this polyfill the app would
 * fail at start-up with "Reflect.getMetadata is not a function".
 * Can go once shared-dto's decorated classes are tree-shakeable (e.g. `"sideEffects": false` for that lib).
 */
import 'reflect-metadata/lite';
