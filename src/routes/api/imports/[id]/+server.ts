import { error, json } from '@sveltejs/kit';
import { jobOwnerOf } from '$lib/server/auth/actor';
import { getJob } from '$lib/server/services/jobs';
import type { RequestHandler } from './$types';

/** The batch's state, for polling where Server-Sent Events are not available. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const job = getJob(params.id, jobOwnerOf(locals.user!));
	if (!job) error(404, '没有这一批导入（服务器重启后进度记录会清空，已导入的数据不受影响）');
	return json(job.snapshot());
};
