import type { Cookies } from '@sveltejs/kit';
import { SESSION_COOKIE, sessionLifetimeMs } from './session';

/** HttpOnly (no script reads it), SameSite=Lax (no cross-site posts carry it), Secure when served over HTTPS. */
export function setSessionCookie(cookies: Cookies, token: string, url: URL): void {
	cookies.set(SESSION_COOKIE, token, {
		path: '/',
		httpOnly: true,
		sameSite: 'lax',
		secure: url.protocol === 'https:',
		maxAge: Math.floor(sessionLifetimeMs() / 1000)
	});
}

export function clearSessionCookie(cookies: Cookies, url: URL): void {
	cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: url.protocol === 'https:' });
}
