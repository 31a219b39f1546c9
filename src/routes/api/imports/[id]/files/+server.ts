import { error, json } from '@sveltejs/kit';
import { jobOwnerOf } from '$lib/server/auth/actor';
import { getJob } from '$lib/server/services/jobs';
import { m } from '$lib/paraglide/messages';
import type { RequestHandler } from './$types';

/**
 * One file per request, its bytes as the body and its name in X-File-Name (URI-encoded): many small
 * requests keep each under the body-size limit and let the page show every file's own progress.
 */
export const POST: RequestHandler = async ({ params, request, locals }) => {
	const job = getJob(params.id, jobOwnerOf(locals.user!));
	if (!job) error(404, m.api_no_batch());
	const rawName = request.headers.get('x-file-name');
	if (!rawName) error(400, m.api_no_file_name());
	let name: string;
	try {
		name = decodeURIComponent(rawName);
	} catch {
		error(400, m.api_bad_file_name());
	}
	const bytes = new Uint8Array(await request.arrayBuffer());
	try {
		return json({ files: job.addUpload(name, bytes) });
	} catch (err) {
		error(409, (err as Error).message);
	}
};
