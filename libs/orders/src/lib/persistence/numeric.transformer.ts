import type { ValueTransformer } from 'typeorm';

/** PostgreSQL numeric/bigint come back as strings; our amounts fit a double. */
export const numeric: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | null) => (v === null || v === undefined ? null : Number(v)),
};
