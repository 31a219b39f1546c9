/**
 * Login sessions: a random token in an HttpOnly cookie, its SHA-256 in the database, a sliding expiry,
 * and the per-username-and-address limit on failed logins.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database, Role } from '../db/schema';
import { recordAudit } from '../repositories/audit';
import {
	clearLoginFailures,
	countLoginFailures,
	deleteExpiredSessions,
	deleteOldLoginFailures,
	deleteSession,
	extendSession,
	findSession,
	insertSession,
	oldestLoginFailure,
	recordLoginFailure
} from '../repositories/sessions';
import { canonicalUnitId } from '../repositories/units';
import { findUserByName, getPasswordHash } from '../repositories/users';
import { verifyDecoy, verifyPassword } from './password';
import type { Scope } from './scope';

type Db = Kysely<Database>;

export const SESSION_COOKIE = 'jixiao_session';

function envNumber(name: string, fallback: number): number {
	const n = Number(process.env[name]);
	return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** Idle time after which a session ends (JIXIAO_SESSION_HOURS, default 12). */
export function sessionLifetimeMs(): number {
	return envNumber('JIXIAO_SESSION_HOURS', 12) * 3600_000;
}

export const LOGIN_WINDOW_MS = 15 * 60_000;
/** failed logins per username and address within LOGIN_WINDOW_MS before further tries are refused */
export const LOGIN_MAX_FAILURES = 5;

/** The logged-in user as pages and endpoints see it (event.locals.user). */
export interface SessionUser {
	id: number;
	username: string;
	role: Role;
	/** the unit a unit account is bound to */
	unitId: number | null;
	unitName: string | null;
	sessionId: string;
	expiresAt: string;
}

export function hashToken(token: string): string {
	return createHash('sha256').update(token).digest('hex');
}

export async function createSession(db: Db, userId: number, now = new Date()): Promise<{ token: string; expiresAt: Date }> {
	const token = randomBytes(32).toString('base64url');
	const expiresAt = new Date(now.getTime() + sessionLifetimeMs());
	await insertSession(db, { id: hashToken(token), userId, createdAt: now.toISOString(), expiresAt: expiresAt.toISOString() });
	return { token, expiresAt };
}

/**
 * The user behind a cookie token, with their scope, or null. Extends the session when less than half of its
 * lifetime is left (`renewed`), so that an active user is not logged out and a request is not a write.
 */
export async function resolveSession(
	db: Db,
	token: string,
	now = new Date()
): Promise<{ user: SessionUser; scope: Scope; renewed: Date | null } | null> {
	if (!token || token.length > 200) return null;
	const row = await findSession(db, hashToken(token), now.toISOString());
	if (!row) return null;
	let renewed: Date | null = null;
	const lifetime = sessionLifetimeMs();
	if (new Date(row.expiresAt).getTime() - now.getTime() < lifetime / 2) {
		renewed = new Date(now.getTime() + lifetime);
		await extendSession(db, row.sessionId, renewed.toISOString());
	}
	let scopeUnit: number | null = null;
	if (row.role === 'unit' && row.unitId !== null)
		scopeUnit = row.unitMergedInto === null ? row.unitId : await canonicalUnitId(db, row.unitId);
	return {
		user: {
			id: row.userId,
			username: row.username,
			role: row.role,
			unitId: row.unitId,
			unitName: row.unitName,
			sessionId: row.sessionId,
			expiresAt: (renewed ?? new Date(row.expiresAt)).toISOString()
		},
		scope: { role: row.role, unitId: row.role === 'unit' ? scopeUnit : null },
		renewed
	};
}

export async function endSession(db: Db, sessionId: string): Promise<void> {
	await deleteSession(db, sessionId);
}

export type LoginResult =
	| { ok: true; userId: number; username: string; token: string; expiresAt: Date }
	| { ok: false; status: 400 | 429; message: string };

/**
 * Check a username and password. Failures are counted per (username, address); after LOGIN_MAX_FAILURES
 * within LOGIN_WINDOW_MS the pair is refused (429) without checking the password, until the oldest failure
 * leaves the window. Unknown usernames cost the same hash as known ones and get the same message.
 */
export async function login(
	db: Db,
	input: { username: string; password: string; ip: string },
	now = new Date()
): Promise<LoginResult> {
	const username = input.username.trim();
	if (!username || !input.password) return { ok: false, status: 400, message: '请输入用户名和密码' };
	if (username.length > 100 || input.password.length > 1000) return { ok: false, status: 400, message: '用户名或密码不正确' };
	const key = { username: username.toLowerCase(), ip: input.ip || 'unknown' };
	const since = new Date(now.getTime() - LOGIN_WINDOW_MS).toISOString();
	if ((await countLoginFailures(db, { ...key, since })) >= LOGIN_MAX_FAILURES) {
		const oldest = await oldestLoginFailure(db, { ...key, since });
		const wait = oldest ? Math.max(1, Math.ceil((new Date(oldest).getTime() + LOGIN_WINDOW_MS - now.getTime()) / 60_000)) : 15;
		return { ok: false, status: 429, message: `登录失败次数过多，请 ${wait} 分钟后再试` };
	}
	const user = await findUserByName(db, username);
	const hash = user && !user.disabled ? await getPasswordHash(db, user.id) : undefined;
	const valid = hash ? await verifyPassword(hash, input.password) : (await verifyDecoy(input.password), false);
	if (!user || user.disabled || !valid) {
		await recordLoginFailure(db, { ...key, at: now.toISOString() });
		return { ok: false, status: 400, message: '用户名或密码不正确' };
	}
	await clearLoginFailures(db, key);
	// housekeeping while we are writing anyway: nothing reads rows this old
	await deleteOldLoginFailures(db, since);
	await deleteExpiredSessions(db, now.toISOString());
	const { token, expiresAt } = await createSession(db, user.id, now);
	await recordAudit(db, { userId: user.id, username: user.username }, { action: 'login', target: user.username, details: { ip: key.ip } });
	return { ok: true, userId: user.id, username: user.username, token, expiresAt };
}
