/**
 * The audit log: who changed what, and when. Append-only by construction: this module has no update or
 * delete, and triggers in the database (migration 003) refuse them from anywhere else.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

type Db = Kysely<Database>;

/** Who acts: a logged-in user, or the command line / the system (userId null). */
export interface Actor {
	userId: number | null;
	username: string;
}

export const AUDIT_ACTIONS = {
	'import': '导入',
	'replace': '导入（替换旧版本）',
	'delete': '删除',
	'merge': '合并单位',
	'split': '拆分单位',
	'settings': '修改设置',
	'user.create': '新建用户',
	'user.update': '修改用户',
	'user.disable': '停用用户',
	'user.enable': '启用用户',
	'user.password': '重置密码',
	'password.change': '修改本人密码',
	'login': '登录',
	'restore': '从备份恢复'
} as const;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

export function auditLabel(action: string): string {
	return (AUDIT_ACTIONS as Record<string, string>)[action] ?? action;
}

export interface AuditEntry {
	action: AuditAction;
	target?: string | null;
	details?: Record<string, unknown>;
	at?: string;
}

/** Append one entry. Inside a transaction, it is written or rolled back together with the change it records. */
export async function recordAudit(db: Db, actor: Actor, entry: AuditEntry): Promise<number> {
	const { id } = await db
		.insertInto('audit_log')
		.values({
			at: entry.at ?? new Date().toISOString(),
			user_id: actor.userId,
			username: actor.username,
			action: entry.action,
			target: entry.target ?? null,
			details: JSON.stringify(entry.details ?? {})
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return id;
}

export interface AuditRecord {
	id: number;
	at: string;
	userId: number | null;
	username: string;
	action: string;
	label: string;
	target: string | null;
	details: Record<string, unknown>;
}

export interface AuditFilter {
	action?: string;
	username?: string;
}

function filtered(db: Db, f: AuditFilter) {
	let q = db.selectFrom('audit_log');
	if (f.action) q = q.where('action', '=', f.action);
	if (f.username) q = q.where('username', '=', f.username);
	return q;
}

/** Newest first. */
export async function listAudit(
	db: Db,
	opts: AuditFilter & { limit?: number; offset?: number } = {}
): Promise<{ rows: AuditRecord[]; total: number }> {
	const rows = await filtered(db, opts)
		.select(['id', 'at', 'user_id as userId', 'username', 'action', 'target', 'details'])
		.orderBy('id', 'desc')
		.limit(Math.min(Math.max(opts.limit ?? 50, 1), 1000))
		.offset(Math.max(opts.offset ?? 0, 0))
		.execute();
	const { n } = await filtered(db, opts)
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return {
		rows: rows.map((r) => ({ ...r, label: auditLabel(r.action), details: parseDetails(r.details) })),
		total: Number(n)
	};
}

/** The usernames that appear in the log, for the filter. */
export async function auditUsernames(db: Db): Promise<string[]> {
	const rows = await db.selectFrom('audit_log').select('username').distinct().orderBy('username').execute();
	return rows.map((r) => r.username);
}

function parseDetails(text: string): Record<string, unknown> {
	try {
		const v = JSON.parse(text);
		return v && typeof v === 'object' && !Array.isArray(v) ? v : { value: v };
	} catch {
		return { raw: text };
	}
}
