import { InitUsersPresets1763760000000 } from './1763760000000-init-users-presets';

/** Every migration, in order. Listed explicitly so the bundled API carries them (no globs). */
export const MIGRATIONS = [InitUsersPresets1763760000000];
