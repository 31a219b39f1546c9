import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { getDocumentBytes } from '$lib/server/repositories/documents';
import { m } from '$lib/paraglide/messages';
import type { RequestHandler } from './$types';

const TYPES: Record<string, string> = {
	pdf: 'application/pdf',
	xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
	json: 'application/json',
	csv: 'text/csv'
};

/** The original file exactly as uploaded, for the analyst who wants to check the source. */
export const GET: RequestHandler = async ({ params, locals }) => {
	const id = Number(params.id);
	if (!Number.isInteger(id) || id <= 0) error(404, m.document_not_found());
	const doc = await getDocumentBytes(await getDb(), id, locals.scope ?? undefined);
	if (!doc) error(404, m.document_not_found());
	return new Response(new Uint8Array(doc.bytes), {
		headers: {
			'content-type': TYPES[doc.format] ?? 'application/octet-stream',
			'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`,
			'x-content-type-options': 'nosniff'
		}
	});
};
