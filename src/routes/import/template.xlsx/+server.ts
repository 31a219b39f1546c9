import { FLAT_EXAMPLE } from '$lib/import/flat-example';
import { flatTemplateXlsx } from '$lib/import/flat-write';
import type { RequestHandler } from './$types';

/** The flat-table template as a workbook, with the seed form as its example rows. */
export const GET: RequestHandler = async () => {
	const bytes = await flatTemplateXlsx([FLAT_EXAMPLE]);
	return new Response(new Uint8Array(bytes), {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="jixiao-flat-template.xlsx"; filename*=UTF-8''${encodeURIComponent('扁平表模板.xlsx')}`,
			'x-content-type-options': 'nosniff'
		}
	});
};
