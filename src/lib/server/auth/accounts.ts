/**
 * Managing accounts: the rules (roles, unit binding, password strength, the last admin) and the audit
 * entry of every change, each written in the same transaction as the change.
 */
import type { Kysely } from 'kysely';
import type { Database, Role } from '../db/schema';
import { ROLES } from '../db/schema';
import { recordAudit, type Actor } from '../repositories/audit';
import { deleteUserSessions } from '../repositories/sessions';
import { unitNameKey } from '../repositories/units';
import {
	countUsers,
	createUser,
	findUserByName,
	getPasswordHash,
	getUser,
	updateUser,
	type UserRecord
} from '../repositories/users';
import { generatePassword, hashPassword, passwordProblem, verifyPassword } from './password';

type Db = Kysely<Database>;

export const ROLE_LABELS: Record<Role, string> = { admin: '管理员', analyst: '分析人员', unit: '单位用户' };

/** A refusal to show the person: a rule was broken, nothing was changed. */
export class AccountError extends Error {}

/** The command line and first-run setup act as this. */
export const SYSTEM_ACTOR: Actor = { userId: null, username: '命令行' };

export function isRole(v: unknown): v is Role {
	return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}

const USERNAME = /^[\p{L}\p{N}_.@-]{2,40}$/u;

export function usernameProblem(name: string): string | null {
	if (!USERNAME.test(name)) return '用户名应为 2–40 个字母、数字、汉字或 _ . @ -，不含空格';
	return null;
}

/** A unit by id ("12") or by name (any spelling its key matches); the unit it counts for is not followed. */
export async function resolveUnit(db: Db, nameOrId: string): Promise<{ id: number; name: string }> {
	const text = nameOrId.trim();
	if (/^\d+$/.test(text)) {
		const row = await db.selectFrom('units').select(['id', 'name']).where('id', '=', Number(text)).executeTakeFirst();
		if (row) return row;
	}
	const row = await db.selectFrom('units').select(['id', 'name']).where('name_key', '=', unitNameKey(text)).executeTakeFirst();
	if (!row) throw new AccountError(`找不到单位「${text}」：请先导入该单位的自评表，或填写单位编号`);
	return row;
}

function inTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
	return db.isTransaction ? fn(db) : db.transaction().execute(fn);
}

export interface NewUser {
	username: string;
	role: Role;
	/** required for role 'unit': a unit id or name */
	unit?: string | number | null;
	/** generated (and returned) when absent */
	password?: string;
}

/** Create an account; returns it and the password (the generated one, if none was given). */
export async function addUser(db: Db, input: NewUser, actor: Actor): Promise<{ user: UserRecord; password: string }> {
	const username = input.username.trim();
	const nameProblem = usernameProblem(username);
	if (nameProblem) throw new AccountError(nameProblem);
	if (!isRole(input.role)) throw new AccountError(`未知角色「${String(input.role)}」（可选 admin、analyst、unit）`);
	const password = input.password ?? generatePassword();
	const problem = passwordProblem(password);
	if (problem) throw new AccountError(problem);
	let unit: { id: number; name: string } | null = null;
	if (input.role === 'unit') {
		if (input.unit === undefined || input.unit === null || String(input.unit).trim() === '')
			throw new AccountError('单位用户必须指定所属单位（--unit 单位名称或编号）');
		unit = await resolveUnit(db, String(input.unit));
	}
	const passwordHash = await hashPassword(password);
	const user = await inTransaction(db, async (trx) => {
		if (await findUserByName(trx, username)) throw new AccountError(`用户名「${username}」已存在`);
		const created = await createUser(trx, { username, passwordHash, role: input.role, unitId: unit?.id ?? null });
		await recordAudit(trx, actor, {
			action: 'user.create',
			target: username,
			details: { role: input.role, unitId: unit?.id ?? null, unit: unit?.name ?? null }
		});
		return created;
	});
	return { user, password };
}

async function mustGet(db: Db, id: number): Promise<UserRecord> {
	const user = await getUser(db, id);
	if (!user) throw new AccountError(`找不到用户（编号 ${id}）`);
	return user;
}

/** Refuse a change that would leave no enabled admin: nobody could manage accounts any more. */
async function keepAnAdmin(db: Db, user: UserRecord, next: { role: Role; disabled: boolean }): Promise<void> {
	const losesAdmin = user.role === 'admin' && !user.disabled && (next.role !== 'admin' || next.disabled);
	if (losesAdmin && (await countUsers(db, { role: 'admin', enabledOnly: true })) <= 1)
		throw new AccountError('至少要保留一个启用的管理员账号');
}

/** Change role and unit binding. */
export async function changeRole(
	db: Db,
	id: number,
	change: { role: Role; unit?: string | number | null },
	actor: Actor
): Promise<UserRecord> {
	if (!isRole(change.role)) throw new AccountError(`未知角色「${String(change.role)}」`);
	let unit: { id: number; name: string } | null = null;
	if (change.role === 'unit') {
		if (change.unit === undefined || change.unit === null || String(change.unit).trim() === '')
			throw new AccountError('单位用户必须指定所属单位');
		unit = await resolveUnit(db, String(change.unit));
	}
	return inTransaction(db, async (trx) => {
		const user = await mustGet(trx, id);
		await keepAnAdmin(trx, user, { role: change.role, disabled: user.disabled });
		await updateUser(trx, id, { role: change.role, unitId: unit?.id ?? null });
		await recordAudit(trx, actor, {
			action: 'user.update',
			target: user.username,
			details: {
				before: { role: user.role, unitId: user.unitId, unit: user.unitName },
				after: { role: change.role, unitId: unit?.id ?? null, unit: unit?.name ?? null }
			}
		});
		return mustGet(trx, id);
	});
}

/** Disable (logging the account out everywhere) or enable an account. */
export async function setDisabled(db: Db, id: number, disabled: boolean, actor: Actor): Promise<UserRecord> {
	return inTransaction(db, async (trx) => {
		const user = await mustGet(trx, id);
		if (disabled && actor.userId === id) throw new AccountError('不能停用自己的账号');
		await keepAnAdmin(trx, user, { role: user.role, disabled });
		await updateUser(trx, id, { disabled });
		if (disabled) await deleteUserSessions(trx, id);
		await recordAudit(trx, actor, { action: disabled ? 'user.disable' : 'user.enable', target: user.username });
		return mustGet(trx, id);
	});
}

/** An admin sets a new password (generated when none is given); the account's sessions end. */
export async function resetPassword(
	db: Db,
	id: number,
	actor: Actor,
	password: string = generatePassword()
): Promise<{ user: UserRecord; password: string }> {
	const problem = passwordProblem(password);
	if (problem) throw new AccountError(problem);
	const passwordHash = await hashPassword(password);
	const user = await inTransaction(db, async (trx) => {
		const user = await mustGet(trx, id);
		await updateUser(trx, id, { passwordHash });
		await deleteUserSessions(trx, id);
		await recordAudit(trx, actor, { action: 'user.password', target: user.username });
		return user;
	});
	return { user, password };
}

/** A user changes their own password; their other sessions end, the current one (`keepSession`) stays. */
export async function changeOwnPassword(
	db: Db,
	userId: number,
	current: string,
	next: string,
	keepSession?: string
): Promise<void> {
	const stored = await getPasswordHash(db, userId);
	if (!stored || !(await verifyPassword(stored, current))) throw new AccountError('当前密码不正确');
	const problem = passwordProblem(next);
	if (problem) throw new AccountError(problem);
	if (next === current) throw new AccountError('新密码不能与当前密码相同');
	const passwordHash = await hashPassword(next);
	await inTransaction(db, async (trx) => {
		const user = await mustGet(trx, userId);
		await updateUser(trx, userId, { passwordHash });
		await deleteUserSessions(trx, userId, keepSession);
		await recordAudit(trx, { userId, username: user.username }, { action: 'password.change', target: user.username });
	});
}

/**
 * First run: when there is no account at all, create `admin` (password from JIXIAO_ADMIN_PASSWORD, else
 * generated). Returns the password only when it created the account; idempotent otherwise.
 */
export async function ensureAdmin(
	db: Db,
	opts: { username?: string; password?: string } = {}
): Promise<{ created: false } | { created: true; username: string; password: string }> {
	if ((await countUsers(db)) > 0) return { created: false };
	const username = opts.username ?? 'admin';
	const fromEnv = process.env.JIXIAO_ADMIN_PASSWORD;
	const password = opts.password ?? (fromEnv && fromEnv.length > 0 ? fromEnv : undefined);
	try {
		const { password: used } = await addUser(db, { username, role: 'admin', password }, SYSTEM_ACTOR);
		return { created: true, username, password: used };
	} catch (err) {
		// two first runs at once: the other one created it
		if (err instanceof AccountError && (await countUsers(db)) > 0 && (await findUserByName(db, username)))
			return { created: false };
		throw err;
	}
}
