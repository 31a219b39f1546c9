import { error } from '@sveltejs/kit';
import { jobOwnerOf } from '$lib/server/auth/actor';
import { getJob } from '$lib/server/services/jobs';
import { m } from '$lib/paraglide/messages';
import type { RequestHandler } from './$types';

/** Live progress as Server-Sent Events: a snapshot now, then one per change, closed when the batch ends. */
export const GET: RequestHandler = async ({ params, request, locals }) => {
	const job = getJob(params.id, jobOwnerOf(locals.user!));
	if (!job) error(404, m.api_no_batch());
	const encoder = new TextEncoder();
	let unsubscribe = () => {};
	let heartbeat: ReturnType<typeof setInterval> | undefined;
	const stream = new ReadableStream<Uint8Array>({
		start(controller) {
			let closed = false;
			const stop = () => {
				if (closed) return;
				closed = true;
				unsubscribe();
				clearInterval(heartbeat);
				try {
					controller.close();
				} catch {
					// already closed by the client
				}
			};
			const send = (snapshot: ReturnType<typeof job.snapshot>) => {
				if (closed) return;
				controller.enqueue(encoder.encode(`data: ${JSON.stringify(snapshot)}\n\n`));
				if (snapshot.finished) stop();
			};
			unsubscribe = job.subscribe(send);
			// proxies drop quiet connections; a comment line every 15 s keeps it open
			heartbeat = setInterval(() => !closed && controller.enqueue(encoder.encode(': ping\n\n')), 15_000);
			request.signal.addEventListener('abort', stop);
			send(job.snapshot());
		},
		cancel() {
			unsubscribe();
			clearInterval(heartbeat);
		}
	});
	return new Response(stream, {
		headers: {
			'content-type': 'text/event-stream; charset=utf-8',
			'cache-control': 'no-cache',
			connection: 'keep-alive'
		}
	});
};
