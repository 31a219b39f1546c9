import { fail } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { actorOf } from '$lib/server/auth/actor';
import { AccountError, addUser, changeRole, isRole, resetPassword, ROLE_LABELS, setDisabled } from '$lib/server/auth/accounts';
import { listUnits } from '$lib/server/repositories/units';
import { listUsers } from '$lib/server/repositories/users';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	const db = await getDb();
	const [users, units] = await Promise.all([listUsers(db), listUnits(db)]);
	return {
		me: locals.user!.id,
		users,
		units: units.map((u) => ({ id: u.id, name: u.name })),
		roles: Object.entries(ROLE_LABELS).map(([value, label]) => ({ value, label }))
	};
};

function idOf(data: FormData): number {
	const id = Number(data.get('id'));
	if (!Number.isInteger(id) || id <= 0) throw new AccountError('缺少用户编号');
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
			if (!isRole(role)) throw new AccountError('请选择角色');
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
			return { done: `已新建用户「${user.username}」`, password: password === '' ? used : null, forUser: user.username };
		});
	},
	update: async ({ request, locals }) => {
		const data = await request.formData();
		const role = String(data.get('role') ?? '');
		return attempt(async () => {
			if (!isRole(role)) throw new AccountError('请选择角色');
			const user = await changeRole(
				await getDb(),
				idOf(data),
				{ role, unit: role === 'unit' ? String(data.get('unit') ?? '') : null },
				actorOf(locals.user!)
			);
			return { done: `已修改用户「${user.username}」的角色` };
		});
	},
	disable: async ({ request, locals }) => {
		const data = await request.formData();
		return attempt(async () => {
			const user = await setDisabled(await getDb(), idOf(data), true, actorOf(locals.user!));
			return { done: `已停用用户「${user.username}」` };
		});
	},
	enable: async ({ request, locals }) => {
		const data = await request.formData();
		return attempt(async () => {
			const user = await setDisabled(await getDb(), idOf(data), false, actorOf(locals.user!));
			return { done: `已启用用户「${user.username}」` };
		});
	},
	reset: async ({ request, locals }) => {
		const data = await request.formData();
		return attempt(async () => {
			const { user, password } = await resetPassword(await getDb(), idOf(data), actorOf(locals.user!));
			return { done: `已重置用户「${user.username}」的密码`, password, forUser: user.username };
		});
	}
};
