import type { Actor } from '../repositories/audit';
import type { SessionUser } from './session';

export type { Actor } from '../repositories/audit';

/** The audit log's "who" for a logged-in user. */
export function actorOf(user: Pick<SessionUser, 'id' | 'username'>): Actor {
	return { userId: user.id, username: user.username };
}

/** The batch-import owner / viewer for a logged-in user (services/jobs.ts). */
export function jobOwnerOf(user: Pick<SessionUser, 'id' | 'username' | 'role'>): {
	userId: number;
	username: string;
	seesAll: boolean;
} {
	return { userId: user.id, username: user.username, seesAll: user.role !== 'unit' };
}
