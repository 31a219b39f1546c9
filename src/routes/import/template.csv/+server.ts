import { FLAT_EXAMPLE } from '$lib/import/flat-example';
import { flatTemplateCsv } from '$lib/import/flat-write';
import type { RequestHandler } from './$types';

/** The flat-table template as CSV (UTF-8 with a byte-order mark, so that Excel shows the Chinese). */
export const GET: RequestHandler = () =>
	new Response(flatTemplateCsv([FLAT_EXAMPLE]), {
		headers: {
			'content-type': 'text/csv; charset=utf-8',
			'content-disposition': `attachment; filename="jixiao-flat-template.csv"; filename*=UTF-8''${encodeURIComponent('扁平表模板.csv')}`,
			'x-content-type-options': 'nosniff'
		}
	});
