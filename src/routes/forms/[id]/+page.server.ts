import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { m } from '$lib/paraglide/messages';
import { getForm } from '$lib/server/repositories/forms';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const id = Number(params.id);
	if (!Number.isInteger(id) || id <= 0) error(404, m.form_not_found());
	// another unit's form does not exist for a unit account (locals.scope)
	const detail = await getForm(await getDb(), id, locals.scope ?? undefined);
	if (!detail) error(404, m.form_not_found());
	const current = detail.versions.find((v) => v.isCurrent);
	return {
		form: detail.form,
		meta: {
			id: detail.id,
			unitId: detail.unitId,
			version: detail.version,
			isCurrent: detail.isCurrent,
			currentId: current?.id ?? detail.id,
			// ISO times: the page writes them in the reader's language (formatDate, formatDateTime)
			importedAt: detail.createdAt,
			document: { id: detail.document.id, fileName: detail.document.fileName },
			versions: detail.versions.map((v) => ({
				id: v.id,
				version: v.version,
				isCurrent: v.isCurrent,
				createdAt: v.createdAt
			}))
		}
	};
};
