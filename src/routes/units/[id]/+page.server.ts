import { error, fail, redirect } from '@sveltejs/kit';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db';
import { getUnitPage } from '$lib/server/repositories/dashboard';
import { actorOf } from '$lib/server/auth/actor';
import { can } from '$lib/server/auth/policy';
import { canSeeUnit } from '$lib/server/auth/scope';
import { mergeUnitsAudited, splitUnitAudited } from '$lib/server/auth/audited';
import { getSettings } from '$lib/server/repositories/settings';
import { listUnits } from '$lib/server/repositories/units';
import { textParam } from '$lib/params';
import { parseUnitYear, unitIdOf } from './query';
import type { Actions, PageServerLoad } from './$types';

/** 单位: a unit's forms across the years, one year in full; ?mergeq= searches units to merge into this one. */
export const load: PageServerLoad = async ({ params, url, locals }) => {
	const db = await getDb();
	const id = unitIdOf(params.id);
	const year = parseUnitYear(url.searchParams);
	const unitPage = await getUnitPage(db, id, { year }, locals.scope);
	// another unit does not exist for a unit account (checked on the unit the page shows: merges lead there)
	if (!unitPage || !canSeeUnit(locals.scope, unitPage.unit.id)) error(404, m.unit_not_found());
	// a unit merged into another is shown as the unit it counts for: one address per unit
	if (unitPage.unit.id !== id) redirect(307, `/units/${unitPage.unit.id}${url.search}`);
	const mergeQuery = textParam(url.searchParams, 'mergeq');
	// other units' names are for those who may merge (a unit account must not search them)
	const candidates =
		mergeQuery && can(locals.user?.role, 'merge')
			? (await listUnits(db, { search: mergeQuery, limit: 10 })).filter((u) => u.id !== id)
			: [];
	const settings = await getSettings(db);
	return { unitPage, mergeQuery, candidates, alertLine: settings.alertLine, canMerge: can(locals.user?.role, 'merge') };
};

export const actions: Actions = {
	/** merge another unit (printed under another name) into this one */
	merge: async ({ params, request, locals }) => {
		const db = await getDb();
		const into = unitIdOf(params.id);
		const from = Number((await request.formData()).get('from'));
		if (!Number.isInteger(from) || from <= 0) return fail(400, { error: m.unit_choose_merge() });
		try {
			// recorded in the audit log, in the merge's own transaction
			const result = await mergeUnitsAudited(db, { from, into }, actorOf(locals.user!));
			return { merged: result.merge.fromName };
		} catch (err) {
			return fail(400, { error: (err as Error).message });
		}
	},
	/** undo the merge of a unit into this one */
	split: async ({ request, locals }) => {
		const db = await getDb();
		const unitId = Number((await request.formData()).get('unitId'));
		if (!Number.isInteger(unitId) || unitId <= 0) return fail(400, { error: m.unit_choose_split() });
		try {
			const result = await splitUnitAudited(db, { unitId }, actorOf(locals.user!));
			return { split: result.merge.fromName };
		} catch (err) {
			return fail(400, { error: (err as Error).message });
		}
	}
};
