/**
 * A parse worker (see parse-pool.ts): parses the documents it is sent and posts back the forms with their
 * reader notes, or the error, serialised so that the pool can rebuild an ImportError with the same message.
 */
import { parentPort } from 'node:worker_threads';
import type { Settings } from '../../domain/form';
import { ImportError } from '../../import/grid';
import { parseForImport } from './parse';

export interface ParseRequest {
	id: number;
	bytes: Uint8Array;
	fileName: string;
	settings: Settings;
}

export type WorkerError =
	| { kind: 'import'; file: string; reason: string; place?: string }
	| { kind: 'error'; message: string; stack?: string };

export type ParseReply = { id: number; forms: Awaited<ReturnType<typeof parseForImport>> } | { id: number; error: WorkerError };

const port = parentPort;
if (port) {
	port.on('message', async (req: ParseRequest) => {
		let reply: ParseReply;
		try {
			reply = { id: req.id, forms: await parseForImport(req.bytes, req.fileName, req.settings) };
		} catch (err) {
			reply = { id: req.id, error: toWorkerError(err) };
		}
		port.postMessage(reply);
	});
}

function toWorkerError(err: unknown): WorkerError {
	if (err instanceof ImportError) return { kind: 'import', file: err.file, reason: err.reason, place: err.place };
	if (err instanceof Error) return { kind: 'error', message: err.message, stack: err.stack };
	return { kind: 'error', message: String(err) };
}
