import { error, json } from '@sveltejs/kit';
import { jobOwnerOf } from '$lib/server/auth/actor';
import { getJob } from '$lib/server/services/jobs';
import { m } from '$lib/paraglide/messages';
import type { RequestHandler } from './$types';

/** The batch's state, for polling where Server-Sent Events are not available. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const job = getJob(params.id, jobOwnerOf(locals.user!));
	if (!job) error(404, m.api_no_batch_restarted());
	return json(job.snapshot());
};
