import { fail } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { AccountError, changeOwnPassword, ROLE_LABELS } from '$lib/server/auth/accounts';
import { MIN_PASSWORD_LENGTH } from '$lib/server/auth/password';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const user = locals.user!;
	return {
		minPasswordLength: MIN_PASSWORD_LENGTH,
		account: { username: user.username, role: user.role, roleLabel: ROLE_LABELS[user.role], unitName: user.unitName }
	};
};

export const actions: Actions = {
	password: async ({ request, locals }) => {
		const user = locals.user!;
		const data = await request.formData();
		const current = String(data.get('current') ?? '');
		const next = String(data.get('next') ?? '');
		const repeat = String(data.get('repeat') ?? '');
		if (next !== repeat) return fail(400, { message: m.account_mismatch() });
		try {
			await changeOwnPassword(await getDb(), user.id, current, next, user.sessionId);
		} catch (err) {
			if (err instanceof AccountError) return fail(400, { message: err.message });
			throw err;
		}
		return { changed: true };
	}
};
