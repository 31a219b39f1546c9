import { json } from '@sveltejs/kit';
import { jobOwnerOf } from '$lib/server/auth/actor';
import { createJob } from '$lib/server/services/jobs';
import type { RequestHandler } from './$types';

/** Start a batch: the browser then uploads its files one by one and closes the batch. */
export const POST: RequestHandler = async ({ locals }) => {
	const job = createJob(undefined, jobOwnerOf(locals.user!));
	return json(job.snapshot(), { status: 201 });
};
