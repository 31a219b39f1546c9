import { fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { setSessionCookie } from '$lib/server/auth/cookie';
import { login } from '$lib/server/auth/session';
import type { Actions, PageServerLoad } from './$types';

/** Only a path on this site: `next=//evil.example` or `next=https://…` would send the user elsewhere. */
function safeNext(raw: string | null): string {
	if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/';
	if (raw.startsWith('/login') || raw.startsWith('/logout')) return '/';
	return raw;
}

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, safeNext(url.searchParams.get('next')));
	return { next: safeNext(url.searchParams.get('next')) };
};

export const actions: Actions = {
	default: async ({ request, cookies, url, getClientAddress }) => {
		const data = await request.formData();
		const username = String(data.get('username') ?? '');
		const password = String(data.get('password') ?? '');
		const result = await login(await getDb(), { username, password, ip: getClientAddress() });
		if (!result.ok) return fail(result.status, { username: username.slice(0, 100), message: result.message });
		setSessionCookie(cookies, result.token, url);
		redirect(303, safeNext(url.searchParams.get('next') ?? String(data.get('next') ?? '')));
	}
};
