import { fail } from '@sveltejs/kit';
import { RATE_FORMULAS, type RateFormula } from '$lib/domain/form';
import { getDb } from '$lib/server/db';
import { getSettings } from '$lib/server/repositories/settings';
import { changeSettings } from '$lib/server/services/import';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	return { settings: await getSettings(await getDb()), formulas: RATE_FORMULAS };
};

export const actions: Actions = {
	/** Saving recomputes every stored form, so every page shows the new rule at once. */
	default: async ({ request }) => {
		const fd = await request.formData();
		const percent = Number(String(fd.get('alertLine') ?? '').replace('%', '').trim());
		const formula = String(fd.get('defaultRateFormula') ?? '');
		if (!Number.isFinite(percent) || percent <= 0 || percent > 100) {
			return fail(400, { error: '预警线应为 0 到 100 之间的百分数，例如 90' });
		}
		if (!(RATE_FORMULAS as readonly string[]).includes(formula)) {
			return fail(400, { error: '请选择执行率公式' });
		}
		try {
			const result = await changeSettings(await getDb(), {
				alertLine: Math.round(percent * 100) / 10000,
				defaultRateFormula: formula as RateFormula
			});
			return { saved: true, recomputed: result };
		} catch (err) {
			return fail(400, { error: (err as Error).message });
		}
	}
};
