/** GET /api/v1/system/audit/verify: the audit log's hash chain verified now (ADR 0013). */
export interface AuditVerificationView {
  /** true: every row from the first to the chain head verified. */
  ok: boolean;
  /** Rows verified by this call. */
  rowsChecked: number;
  head: AuditChainHeadView;
  /** The first broken row, or null. */
  broken: AuditChainBreakView | null;
  /** ISO time of the verification. */
  checkedAt: string;
  /** How the API's database connections are separated from the owner's powers. */
  database: DatabaseRolesView;
}

export interface AuditChainBreakView {
  /** The first broken row's id (for head_mismatch: the row the chain head names). */
  id: string;
  /** content_changed: the row's content no longer matches its hash; link_broken: a row before it was changed or removed; head_mismatch: rows removed from the end. */
  kind: 'content_changed' | 'link_broken' | 'head_mismatch';
  /** One line for a human. */
  detail: string;
}

export interface AuditChainHeadView {
  /** Id of the newest row. */
  lastId: string;
  /** Its hash (hex sha256): note it down elsewhere to anchor the chain. */
  lastHash: string;
  /** Rows appended since the chain began. */
  rows: string;
}

export interface DatabaseRolesView {
  /** login (own non-owner login), set-role (one login, connections switch role) or none. */
  mode: 'login' | 'set-role' | 'none';
  /** The role the app's statements run as. */
  appRole: string;
  /** The app role owns nothing, is no superuser and may only append to the audit log. */
  roleSeparated: boolean;
  /** Why not separated. */
  problems: string[];
}
