import { fail } from '@sveltejs/kit';
import { RATE_FORMULAS, type RateFormula } from '$lib/domain/form';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db';
import { getSettings } from '$lib/server/repositories/settings';
import { actorOf } from '$lib/server/auth/actor';
import { changeSettingsAudited } from '$lib/server/auth/audited';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	return { settings: await getSettings(await getDb()), formulas: RATE_FORMULAS };
};

export const actions: Actions = {
	/** Saving recomputes every stored form, so every page shows the new rule at once. */
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
			// the audit log keeps the old and new values (written with them, in one transaction)
			const result = await changeSettingsAudited(
				await getDb(),
				{ alertLine: Math.round(percent * 100) / 10000, defaultRateFormula: formula as RateFormula },
				actorOf(locals.user!)
			);
			return { saved: true, recomputed: result };
		} catch (err) {
			return fail(400, { error: (err as Error).message });
		}
	}
};
