import { error, json } from '@sveltejs/kit';
import { getJob } from '$lib/server/services/jobs';
import type { RequestHandler } from './$types';

/** Every file is uploaded: the batch ends when the last one is imported. */
export const POST: RequestHandler = async ({ params }) => {
	const job = getJob(params.id);
	if (!job) error(404, '没有这一批导入');
	job.close();
	return json(job.snapshot());
};
