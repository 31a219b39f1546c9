/**
 * Password hashing: argon2id through @node-rs/argon2 (a maintained binding that ships prebuilt binaries in its
 * registry packages, so nothing is compiled or downloaded at install time).
 */
import { randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id (Algorithm.Argon2id; the package's enum is a `const enum`, which isolated-module builds cannot
 * import). OWASP's minimum: 19 MiB, 2 passes, 1 lane — about 0.1 s here, slow enough for offline guessing,
 * fast enough that the login rate limit, not the hash, is what bounds online guessing.
 */
const OPTIONS = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 200;

export async function hashPassword(password: string): Promise<string> {
	return hash(password, OPTIONS);
}

/** false also for a malformed stored hash: a broken account must not become an open one. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
	try {
		return await verify(stored, password);
	} catch {
		return false;
	}
}

/** A hash of nothing in particular, verified when the username is unknown so that both cases take as long. */
let decoy: Promise<string> | null = null;
export async function verifyDecoy(password: string): Promise<void> {
	decoy ??= hashPassword('decoy-password-never-matches');
	await verifyPassword(await decoy, password);
}

/** Why a new password is refused, or null when it is acceptable. */
export function passwordProblem(password: string): string | null {
	if (password.length < MIN_PASSWORD_LENGTH) return `密码至少 ${MIN_PASSWORD_LENGTH} 个字符`;
	if (password.length > MAX_PASSWORD_LENGTH) return `密码不能超过 ${MAX_PASSWORD_LENGTH} 个字符`;
	if (password.trim() !== password) return '密码首尾不能是空格';
	return null;
}

/** Letters and digits without look-alikes (0/O, 1/l/I), so that a printed password can be typed. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** 16 characters from 56: about 93 bits. */
export function generatePassword(length = 16): string {
	let out = '';
	for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
	return out;
}
