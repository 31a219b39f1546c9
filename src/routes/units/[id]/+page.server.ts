import { error, fail, redirect } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { getUnitPage } from '$lib/server/repositories/dashboard';
import { mergeUnits, splitUnit } from '$lib/server/repositories/merges';
import { getSettings } from '$lib/server/repositories/settings';
import { listUnits } from '$lib/server/repositories/units';
import { textParam } from '$lib/params';
import { parseUnitYear, unitIdOf } from './query';
import type { Actions, PageServerLoad } from './$types';

/** 单位: a unit's forms across the years, one year in full; ?mergeq= searches units to merge into this one. */
export const load: PageServerLoad = async ({ params, url }) => {
	const db = await getDb();
	const id = unitIdOf(params.id);
	const year = parseUnitYear(url.searchParams);
	const unitPage = await getUnitPage(db, id, { year });
	if (!unitPage) error(404, '没有这个单位');
	// a unit merged into another is shown as the unit it counts for: one address per unit
	if (unitPage.unit.id !== id) redirect(307, `/units/${unitPage.unit.id}${url.search}`);
	const mergeQuery = textParam(url.searchParams, 'mergeq');
	const candidates = mergeQuery
		? (await listUnits(db, { search: mergeQuery, limit: 10 })).filter((u) => u.id !== id)
		: [];
	const settings = await getSettings(db);
	return { unitPage, mergeQuery, candidates, alertLine: settings.alertLine };
};

export const actions: Actions = {
	/** merge another unit (printed under another name) into this one */
	merge: async ({ params, request, locals }) => {
		const db = await getDb();
		const into = unitIdOf(params.id);
		const from = Number((await request.formData()).get('from'));
		if (!Number.isInteger(from) || from <= 0) return fail(400, { error: '请选择要合并的单位' });
		try {
			const by = (locals as { user?: { username?: string } }).user?.username ?? null;
			const result = await mergeUnits(db, { from, into, by });
			return { merged: result.merge.fromName };
		} catch (err) {
			return fail(400, { error: (err as Error).message });
		}
	},
	/** undo the merge of a unit into this one */
	split: async ({ request, locals }) => {
		const db = await getDb();
		const unitId = Number((await request.formData()).get('unitId'));
		if (!Number.isInteger(unitId) || unitId <= 0) return fail(400, { error: '请选择要拆分的单位' });
		try {
			const by = (locals as { user?: { username?: string } }).user?.username ?? null;
			const result = await splitUnit(db, { unitId, by });
			return { split: result.merge.fromName };
		} catch (err) {
			return fail(400, { error: (err as Error).message });
		}
	}
};
