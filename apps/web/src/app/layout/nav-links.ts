/** The console's sections, in nav order. */
export interface NavLink {
  path: string;
  label: string;
  /** Shown to admins only. */
  adminOnly?: boolean;
}

export const NAV_LINKS: readonly NavLink[] = [
  { path: '/scanner', label: 'Scanner' },
  { path: '/orders', label: 'Orders' },
  { path: '/positions', label: 'Positions' },
  { path: '/history', label: 'History' },
  { path: '/system', label: 'System' },
  { path: '/api-keys', label: 'API keys', adminOnly: true },
];
