import { getDb } from '$lib/server/db';
import { listCurrentForms, yearsAvailable } from '$lib/server/repositories/forms';
import { getSettings } from '$lib/server/repositories/settings';
import { formsListOptions, parseFormsQuery } from './query';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;

export const load: PageServerLoad = async ({ url, locals }) => {
	const db = await getDb();
	const filters = parseFormsQuery(url.searchParams);
	const scope = locals.scope ?? undefined;

	const [{ rows, total }, years, settings] = await Promise.all([
		listCurrentForms(
			db,
			{ ...formsListOptions(filters), limit: PAGE_SIZE, offset: (filters.page - 1) * PAGE_SIZE },
			scope
		),
		yearsAvailable(db, {}, scope),
		getSettings(db)
	]);
	return { rows, total, years, settings, pageSize: PAGE_SIZE, filters };
};
