import { redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { clearSessionCookie } from '$lib/server/auth/cookie';
import { endSession } from '$lib/server/auth/session';
import type { RequestHandler } from './$types';

/** POST only: a link or an image on another site cannot log anyone out. */
export const POST: RequestHandler = async ({ locals, cookies, url }) => {
	if (locals.user) await endSession(await getDb(), locals.user.sessionId);
	clearSessionCookie(cookies, url);
	redirect(303, '/login');
};
