/**
 * Every request passes here first: the session cookie becomes `locals.user` and `locals.scope`, and the
 * route's capability (src/lib/server/auth/policy.ts) is checked before any page or endpoint runs. Not logged
 * in: pages redirect to /login?next=…, API routes answer 401 JSON. Logged in without the capability, or on a
 * route the policy does not list: 403.
 */
import { error, json, redirect, type Handle, type ServerInit } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { getDb } from '$lib/server/db';
import { can, isPublicRoute, requiredCapability } from '$lib/server/auth/policy';
import { clearSessionCookie, setSessionCookie } from '$lib/server/auth/cookie';
import { resolveSession, SESSION_COOKIE } from '$lib/server/auth/session';
import { getLimits } from '$lib/server/limits';
import { i18nHandle } from '$lib/server/i18n';
import { resumePendingRecompute } from '$lib/server/services/recompute';

/**
 * At start-up: a settings change whose re-evaluation of the stored forms was cut short (the server stopped
 * mid-pass) is applied again, in the background.
 */
export const init: ServerInit = async () => {
	try {
		if (await resumePendingRecompute(await getDb())) console.log('[settings] 继续按当前设置重新计算全部自评表');
	} catch (err) {
		// the server still starts (the next settings change runs the pass again); the reason is in the log
		console.error('[settings] 无法检查待完成的重新计算：', err);
	}
};

/** Bodies of anything but file uploads: forms, settings, logins. */
const MAX_FORM_BODY = 1024 * 1024;
const UPLOAD_ROUTES = new Set(['/api/imports/[id]/files']);

const authHandle: Handle = async ({ event, resolve }) => {
	event.locals.user = null;
	event.locals.scope = null;

	const token = event.cookies.get(SESSION_COOKIE);
	if (token) {
		const session = await resolveSession(await getDb(), token);
		if (session) {
			event.locals.user = session.user;
			event.locals.scope = session.scope;
			if (session.renewed) setSessionCookie(event.cookies, token, event.url);
		} else {
			clearSessionCookie(event.cookies, event.url);
		}
	}

	const routeId = event.route.id;
	const isApi = event.url.pathname.startsWith('/api/');

	if (!event.locals.user && !isPublicRoute(routeId)) {
		if (isApi) return json({ message: '请先登录' }, { status: 401 });
		const next = event.url.pathname + event.url.search;
		redirect(303, next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`);
	}

	// an unknown address: SvelteKit's 404, for logged-in users only (above, strangers are sent to log in)
	if (routeId !== null) {
		const needed = requiredCapability(routeId, event.request.method);
		if (needed === null || !can(event.locals.user?.role, needed)) {
			if (needed === null) console.warn(`[auth] 路由 ${routeId} 没有权限规则（src/lib/server/auth/policy.ts），已拒绝访问`);
			if (isApi) return json({ message: '没有权限' }, { status: 403 });
			error(403, '您的账号没有权限访问此页面');
		}
	}

	const length = Number(event.request.headers.get('content-length') ?? 0);
	const maxBody = routeId !== null && UPLOAD_ROUTES.has(routeId) ? getLimits().maxFileBytes + 64 * 1024 : MAX_FORM_BODY;
	if (length > maxBody) {
		if (isApi) return json({ message: '请求内容过大' }, { status: 413 });
		error(413, '请求内容过大');
	}

	const response = await resolve(event);
	secureHeaders(response.headers, event.locals.user !== null);
	return response;
};

function secureHeaders(headers: Headers, personal: boolean): void {
	try {
		// a logged-in user's pages hold confidential data: no shared cache keeps them, and after logging out
		// the back button does not show them from the browser's cache
		if (personal && !headers.has('cache-control')) headers.set('cache-control', 'private, no-store');
		if (!headers.has('x-frame-options')) headers.set('x-frame-options', 'DENY');
		if (!headers.has('x-content-type-options')) headers.set('x-content-type-options', 'nosniff');
		if (!headers.has('referrer-policy')) headers.set('referrer-policy', 'same-origin');
	} catch {
		// immutable headers (a fetched Response passed through): leave them
	}
}

// the language first, so that everything after it (login redirects, 403 pages, every page) speaks the reader's
export const handle = sequence(i18nHandle, authHandle);
