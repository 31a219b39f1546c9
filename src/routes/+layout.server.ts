import { ROLE_LABELS } from '$lib/server/auth/accounts';
import { ROLE_CAPABILITIES } from '$lib/server/auth/policy';
import type { LayoutServerLoad } from './$types';

/** Who is logged in, for the header: their name, role, unit, and what the navigation may offer them. */
export const load: LayoutServerLoad = async ({ locals }) => {
	const user = locals.user;
	if (!user) return { viewer: null };
	return {
		viewer: {
			username: user.username,
			role: user.role,
			roleLabel: ROLE_LABELS[user.role],
			unitName: user.unitName,
			// plain strings: the layout compares them with its own table of links
			capabilities: [...ROLE_CAPABILITIES[user.role]] as string[]
		}
	};
};
