/**
 * Sessions and failed-login records. A session row is keyed by the SHA-256 of the cookie's token, so whoever
 * reads the database (or a backup of it) cannot replay a cookie from it.
 */
import type { Kysely } from 'kysely';
import type { Database, Role } from '../db/schema';

type Db = Kysely<Database>;

export async function insertSession(db: Db, s: { id: string; userId: number; createdAt: string; expiresAt: string }): Promise<void> {
	await db
		.insertInto('sessions')
		.values({ id: s.id, user_id: s.userId, created_at: s.createdAt, expires_at: s.expiresAt })
		.execute();
}

export interface SessionRow {
	sessionId: string;
	expiresAt: string;
	userId: number;
	username: string;
	role: Role;
	unitId: number | null;
	unitName: string | null;
	/** the unit the bound unit counts for (itself unless merged) */
	unitMergedInto: number | null;
}

/** A live session of an enabled user, with the user. */
export async function findSession(db: Db, id: string, now: string): Promise<SessionRow | undefined> {
	return db
		.selectFrom('sessions')
		.innerJoin('users', 'users.id', 'sessions.user_id')
		.leftJoin('units', 'units.id', 'users.unit_id')
		.select([
			'sessions.id as sessionId',
			'sessions.expires_at as expiresAt',
			'users.id as userId',
			'users.username',
			'users.role',
			'users.unit_id as unitId',
			'units.name as unitName',
			'units.merged_into as unitMergedInto'
		])
		.where('sessions.id', '=', id)
		.where('sessions.expires_at', '>', now)
		.where('users.disabled', '=', 0)
		.executeTakeFirst();
}

export async function extendSession(db: Db, id: string, expiresAt: string): Promise<void> {
	await db.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
	await db.deleteFrom('sessions').where('id', '=', id).execute();
}

/** Every session of a user, except `keep` (the one changing its own password stays logged in). */
export async function deleteUserSessions(db: Db, userId: number, keep?: string): Promise<void> {
	let q = db.deleteFrom('sessions').where('user_id', '=', userId);
	if (keep) q = q.where('id', '<>', keep);
	await q.execute();
}

export async function deleteExpiredSessions(db: Db, now: string): Promise<void> {
	await db.deleteFrom('sessions').where('expires_at', '<=', now).execute();
}

// ------------------------------------------------------------------------------------------ failed logins

export async function recordLoginFailure(db: Db, a: { username: string; ip: string; at: string }): Promise<void> {
	await db.insertInto('login_attempts').values(a).execute();
}

export async function countLoginFailures(db: Db, a: { username: string; ip: string; since: string }): Promise<number> {
	const row = await db
		.selectFrom('login_attempts')
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.where('username', '=', a.username)
		.where('ip', '=', a.ip)
		.where('at', '>', a.since)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

/** The oldest failure still inside the window: the limit lifts when it leaves it. */
export async function oldestLoginFailure(db: Db, a: { username: string; ip: string; since: string }): Promise<string | undefined> {
	const row = await db
		.selectFrom('login_attempts')
		.select('at')
		.where('username', '=', a.username)
		.where('ip', '=', a.ip)
		.where('at', '>', a.since)
		.orderBy('at')
		.limit(1)
		.executeTakeFirst();
	return row?.at;
}

export async function clearLoginFailures(db: Db, a: { username: string; ip: string }): Promise<void> {
	await db.deleteFrom('login_attempts').where('username', '=', a.username).where('ip', '=', a.ip).execute();
}

export async function deleteOldLoginFailures(db: Db, before: string): Promise<void> {
	await db.deleteFrom('login_attempts').where('at', '<=', before).execute();
}
