/** "3d 04:05:06", "04:05:06" or "05:06" — compact, fixed-width enough for a status bar. */
export function formatUptime(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3_600);
  const minutes = Math.floor((s % 3_600) / 60);
  const seconds = s % 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = hours > 0 || days > 0 ? `${pad(hours)}:${pad(minutes)}:${pad(seconds)}` : `${pad(minutes)}:${pad(seconds)}`;
  return days > 0 ? `${days}d ${clock}` : clock;
}

/** Share of a limit in use, 0–1 (0 when the limit is unknown). */
export function usageRatio(active: number, max: number): number {
  return max > 0 ? active / max : 0;
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

/** A fraction as a percentage with one decimal ("78.1 %"), or "not available". */
export function formatPct(value: number | null | undefined, digits = 1): string {
  return value == null || !Number.isFinite(value) ? 'not available' : `${(value * 100).toFixed(digits)} %`;
}

/** Money or price with fixed decimals, or "not available" (IB's missing values). */
export function formatAmount(value: number | null | undefined, digits = 2): string {
  return value == null || !Number.isFinite(value) ? 'not available' : value.toFixed(digits);
}

/** Milliseconds as "850 ms" / "1.5 s". */
export function formatAge(ms: number | null | undefined): string {
  if (ms == null) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** YYYYMMDD → YYYY-MM-DD. */
export function formatYmd(ymd: string): string {
  return /^\d{8}$/.test(ymd) ? `${ymd.slice(0, 4)}-${ymd.slice(4, 6)}-${ymd.slice(6)}` : ymd;
}
