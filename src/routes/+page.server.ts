import { getDb } from '$lib/server/db';
import { getOverview } from '$lib/server/repositories/dashboard';
import { intParam, kindParam } from '$lib/params';
import type { PageServerLoad } from './$types';

/** 总览: one year, one kind of form, everything the page shows in one round trip. */
export const load: PageServerLoad = async ({ url, locals }) => {
	const overview = await getOverview(await getDb(), {
		kind: kindParam(url.searchParams),
		year: intParam(url.searchParams, 'year')
	}, locals.scope);
	return { overview };
};
