import { error } from '@sveltejs/kit';
import { getDb } from '$lib/server/db';
import { getForm } from '$lib/server/repositories/forms';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ params, locals }) => {
	const id = Number(params.id);
	if (!Number.isInteger(id) || id <= 0) error(404, '没有这份自评表');
	// another unit's form does not exist for a unit account (locals.scope)
	const detail = await getForm(await getDb(), id, locals.scope ?? undefined);
	if (!detail) error(404, '没有这份自评表');
	const current = detail.versions.find((v) => v.isCurrent);
	return {
		form: detail.form,
		meta: {
			id: detail.id,
			unitId: detail.unitId,
			version: detail.version,
			isCurrent: detail.isCurrent,
			currentId: current?.id ?? detail.id,
			importedAt: detail.createdAt.slice(0, 10),
			document: { id: detail.document.id, fileName: detail.document.fileName },
			versions: detail.versions.map((v) => ({
				id: v.id,
				version: v.version,
				isCurrent: v.isCurrent,
				createdAt: v.createdAt.slice(0, 16).replace('T', ' ')
			}))
		}
	};
};
