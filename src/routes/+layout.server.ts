import { ROLE_LABELS } from '$lib/server/auth/accounts';
import { ROLE_CAPABILITIES } from '$lib/server/auth/policy';
import { getDb } from '$lib/server/db';
import { recomputeStatus } from '$lib/server/services/recompute';
import type { LayoutServerLoad } from './$types';

/** Who is logged in, for the header: their name, role, unit, and what the navigation may offer them. */
export const load: LayoutServerLoad = async ({ locals, url }) => {
	const user = locals.user;
	if (!user) return { viewer: null, recomputing: null };
	// read on every navigation (hence `url`), so that the notice below goes away when the pass ends
	void url.pathname;
	const pass = recomputeStatus(await getDb());
	return {
		// a settings change is being applied to every stored form: figures may be mixed until it ends
		// (how many forms there are in all is not a unit account's business: it is told only that figures may move)
		recomputing: pass.running ? (user.role === 'unit' ? { done: null, total: null } : { done: pass.done, total: pass.total }) : null,
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
