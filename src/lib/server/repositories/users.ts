/** Accounts. Passwords arrive here already hashed (auth/password.ts); validation lives in auth/accounts.ts. */
import { sql, type Kysely } from 'kysely';
import type { Database, Role } from '../db/schema';

type Db = Kysely<Database>;

export interface UserRecord {
	id: number;
	username: string;
	role: Role;
	/** the unit a 'unit' account is bound to */
	unitId: number | null;
	unitName: string | null;
	disabled: boolean;
	createdAt: string;
	updatedAt: string;
}

function users(db: Db) {
	return db
		.selectFrom('users')
		.leftJoin('units', 'units.id', 'users.unit_id')
		.select([
			'users.id',
			'users.username',
			'users.role',
			'users.unit_id as unitId',
			'units.name as unitName',
			'users.disabled',
			'users.created_at as createdAt',
			'users.updated_at as updatedAt'
		]);
}

type Raw = Omit<UserRecord, 'disabled'> & { disabled: number };
const toRecord = (r: Raw): UserRecord => ({ ...r, disabled: r.disabled === 1 });

export async function createUser(
	db: Db,
	user: { username: string; passwordHash: string; role: Role; unitId: number | null; now?: string }
): Promise<UserRecord> {
	const now = user.now ?? new Date().toISOString();
	const { id } = await db
		.insertInto('users')
		.values({
			username: user.username,
			password_hash: user.passwordHash,
			role: user.role,
			unit_id: user.role === 'unit' ? user.unitId : null,
			disabled: 0,
			created_at: now,
			updated_at: now
		})
		.returning('id')
		.executeTakeFirstOrThrow();
	return (await getUser(db, id))!;
}

export async function getUser(db: Db, id: number): Promise<UserRecord | undefined> {
	const row = await users(db).where('users.id', '=', id).executeTakeFirst();
	return row ? toRecord(row) : undefined;
}

/** Case-insensitive, as the unique index. */
export async function findUserByName(db: Db, username: string): Promise<UserRecord | undefined> {
	const row = await users(db)
		.where(sql`users.username collate nocase`, '=', username)
		.executeTakeFirst();
	return row ? toRecord(row) : undefined;
}

/** The stored hash, for login and password change only. */
export async function getPasswordHash(db: Db, id: number): Promise<string | undefined> {
	const row = await db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirst();
	return row?.password_hash;
}

export async function listUsers(db: Db): Promise<UserRecord[]> {
	const rows = await users(db).orderBy('users.disabled').orderBy('users.role').orderBy('users.username').execute();
	return rows.map(toRecord);
}

export async function countUsers(db: Db, opts: { role?: Role; enabledOnly?: boolean } = {}): Promise<number> {
	let q = db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n'));
	if (opts.role) q = q.where('role', '=', opts.role);
	if (opts.enabledOnly) q = q.where('disabled', '=', 0);
	return Number((await q.executeTakeFirstOrThrow()).n);
}

export interface UserChange {
	role?: Role;
	/** required with role 'unit', ignored otherwise */
	unitId?: number | null;
	disabled?: boolean;
	passwordHash?: string;
	now?: string;
}

export async function updateUser(db: Db, id: number, change: UserChange): Promise<void> {
	const set: Record<string, unknown> = { updated_at: change.now ?? new Date().toISOString() };
	if (change.role !== undefined) {
		set.role = change.role;
		set.unit_id = change.role === 'unit' ? (change.unitId ?? null) : null;
	} else if (change.unitId !== undefined) set.unit_id = change.unitId;
	if (change.disabled !== undefined) set.disabled = change.disabled ? 1 : 0;
	if (change.passwordHash !== undefined) set.password_hash = change.passwordHash;
	await db.updateTable('users').set(set).where('id', '=', id).execute();
}
