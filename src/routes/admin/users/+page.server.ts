import { fail } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf } from '$lib/server/auth/actor';
import { AccountError, addUser, changeRole, isRole, resetPassword, ROLE_LABELS, setDisabled } from '$lib/server/auth/accounts';
import { listUnits } from '$lib/server/repositories/units';
import { listUsers } from '$lib/server/repositories/users';
import { roleLabel } from '$lib/labels';
import { m } from '$lib/paraglide/messages';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const db = await getDb();
	const [users, units] = await Promise.all([listUsers(db), listUnits(db)]);
	return {
		me: locals.user!.id,
		users,
		units: units.map((u) => ({ id: u.id, name: u.name })),
		roles: Object.keys(ROLE_LABELS).map((value) => ({ value, label: roleLabel(value) }))
	};
};

function idOf(data: FormData): number {
	const id = Number(data.get('id'));
	if (!Number.isInteger(id) || id <= 0) throw new AccountError(m.users_no_id());
	return id;
}

/** Runs an account change; rule violations come back to the page as its message. */
async function attempt<T>(fn: () => Promise<T>) {
	try {
		return await fn();
	} catch (err) {
		if (err instanceof AccountError) return fail(400, { message: err.message });
		throw err;
	}
}

export const actions: Actions = {
	create: async ({ request, locals }) => {
		const data = await request.formData();
		const role = String(data.get('role') ?? '');
		const password = String(data.get('password') ?? '');
		return attempt(async () => {
			if (!isRole(role)) throw new AccountError(m.users_choose_role());
			const { user, password: used } = await addUser(
				await getDb(),
				{
					username: String(data.get('username') ?? ''),
					role,
					unit: role === 'unit' ? String(data.get('unit') ?? '') : null,
					password: password === '' ? undefined : password
				},
				actorOf(locals.user!)
			);
			return { done: m.users_created({ user: user.username }), password: password === '' ? used : null, forUser: user.username };
		});
	},
	update: async ({ request, locals }) => {
		const data = await request.formData();
		const role = String(data.get('role') ?? '');
		return attempt(async () => {
			if (!isRole(role)) throw new AccountError(m.users_choose_role());
			const user = await changeRole(
				await getDb(),
				idOf(data),
				{ role, unit: role === 'unit' ? String(data.get('unit') ?? '') : null },
				actorOf(locals.user!)
			);
			return { done: m.users_role_changed({ user: user.username }) };
		});
	},
	disable: async ({ request, locals }) => {
		const data = await request.formData();
		return attempt(async () => {
			const user = await setDisabled(await getDb(), idOf(data), true, actorOf(locals.user!));
			return { done: m.users_disabled_done({ user: user.username }) };
		});
	},
	enable: async ({ request, locals }) => {
		const data = await request.formData();
		return attempt(async () => {
			const user = await setDisabled(await getDb(), idOf(data), false, actorOf(locals.user!));
			return { done: m.users_enabled_done({ user: user.username }) };
		});
	},
	reset: async ({ request, locals }) => {
		const data = await request.formData();
		return attempt(async () => {
			const { user, password } = await resetPassword(await getDb(), idOf(data), actorOf(locals.user!));
			return { done: m.users_reset_done({ user: user.username }), password, forUser: user.username };
		});
	}
};
