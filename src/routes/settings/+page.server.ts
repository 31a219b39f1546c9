import { fail } from '@sveltejs/kit';
import { RATE_FORMULAS, type RateFormula } from '$lib/domain/form';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db';
import { getSettings } from '$lib/server/repositories/settings';
import { actorOf } from '$lib/server/auth/actor';
import { changeSettingsAudited } from '$lib/server/auth/audited';
import { recomputeStatus, waitForRecompute } from '$lib/server/services/recompute';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const db = await getDb();
	return { settings: await getSettings(db), formulas: RATE_FORMULAS, recompute: recomputeStatus(db) };
};

/**
 * How long the answer waits for the re-evaluation: a county's few thousand forms are done within it and the
 * page says how many changed; a province's take a minute or so, and the page follows the progress instead.
 * JIXIAO_RECOMPUTE_WAIT_MS overrides it (the browser test of the progress sets 0).
 */
function waitForRecomputeMs(): number {
	const n = Number(process.env.JIXIAO_RECOMPUTE_WAIT_MS);
	return Number.isFinite(n) && n >= 0 ? n : 3000;
}

export const actions: Actions = {
	/** Saving re-evaluates every stored form under the new rules (in the background: services/recompute.ts). */
	default: async ({ request, locals }) => {
		const fd = await request.formData();
		const percent = Number(String(fd.get('alertLine') ?? '').replace('%', '').trim());
		const formula = String(fd.get('defaultRateFormula') ?? '');
		if (!Number.isFinite(percent) || percent <= 0 || percent > 100) {
			return fail(400, { error: m.settings_bad_alert_line() });
		}
		if (!(RATE_FORMULAS as readonly string[]).includes(formula)) {
			return fail(400, { error: m.settings_choose_formula() });
		}
		try {
			const db = await getDb();
			// the audit log keeps the old and new values (written with them, in one transaction)
			await changeSettingsAudited(
				db,
				{ alertLine: Math.round(percent * 100) / 10000, defaultRateFormula: formula as RateFormula },
				actorOf(locals.user!)
			);
			await waitForRecompute(db, waitForRecomputeMs());
			return { saved: true };
		} catch (err) {
			return fail(400, { error: (err as Error).message });
		}
	}
};
