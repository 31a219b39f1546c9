import { getLimits } from '$lib/server/limits';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async () => {
	const limits = getLimits();
	return { limits };
};
