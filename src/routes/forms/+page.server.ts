import { getDb } from '$lib/server/db';
import { isFormSort, listCurrentForms, yearsAvailable } from '$lib/server/repositories/forms';
import { getSettings } from '$lib/server/repositories/settings';
import type { PageServerLoad } from './$types';

const PAGE_SIZE = 50;

export const load: PageServerLoad = async ({ url }) => {
	const db = await getDb();
	const params = url.searchParams;
	const yearParam = Number(params.get('year'));
	const year = Number.isInteger(yearParam) && yearParam > 0 ? yearParam : null;
	const kindParam = params.get('kind');
	const kind = kindParam === 'department' || kindParam === 'project' ? kindParam : null;
	const q = params.get('q')?.trim() || null;
	const sortParam = params.get('sort');
	const sort = isFormSort(sortParam) ? sortParam : null;
	const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));

	const [{ rows, total }, years, settings] = await Promise.all([
		listCurrentForms(db, {
			year: year ?? undefined,
			kind: kind ?? undefined,
			search: q ?? undefined,
			sort: sort ?? undefined,
			limit: PAGE_SIZE,
			offset: (page - 1) * PAGE_SIZE
		}),
		yearsAvailable(db),
		getSettings(db)
	]);
	return { rows, total, years, settings, pageSize: PAGE_SIZE, filters: { year, kind, q, sort, page } };
};
