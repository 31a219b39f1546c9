import { error, json } from '@sveltejs/kit';
import { jobOwnerOf } from '$lib/server/auth/actor';
import { getJob } from '$lib/server/services/jobs';
import { m } from '$lib/paraglide/messages';
import type { RequestHandler } from './$types';

/** Every file is uploaded: the batch ends when the last one is imported. */
export const POST: RequestHandler = async ({ params, locals }) => {
	const job = getJob(params.id, jobOwnerOf(locals.user!));
	if (!job) error(404, m.api_no_batch());
	job.close();
	return json(job.snapshot());
};
