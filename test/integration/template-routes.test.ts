/** The two template downloads of the import page: the right type, a Chinese file name, and a template that imports. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/lib/domain/form';
import { parseDocument } from '../../src/lib/import';
import { GET as csvRoute } from '../../src/routes/import/template.csv/+server';
import { GET as xlsxRoute } from '../../src/routes/import/template.xlsx/+server';

type Handler = (event: never) => Response | Promise<Response>;
const call = (handler: unknown) => (handler as Handler)({} as never);

describe('GET /import/template.{csv,xlsx}', () => {
	it('serves the CSV with a BOM, as an attachment, and it imports as the seed form', async () => {
		const res = await call(csvRoute);
		expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
		expect(res.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('扁平表模板.csv')}`);
		const bytes = new Uint8Array(await res.arrayBuffer());
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const [form] = await parseDocument(bytes, 'template.csv', DEFAULT_SETTINGS);
		expect(form).toMatchObject({ unit: '中共长沙市望城区委办公室', year: 2020, computed: { rate: 0.9444, totalScore: 99.44 } });
	});

	it('serves the workbook, and it imports as the seed form', async () => {
		const res = await call(xlsxRoute);
		expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="jixiao-flat-template\.xlsx"/);
		const bytes = new Uint8Array(await res.arrayBuffer());
		const [form] = await parseDocument(bytes, 'template.xlsx', DEFAULT_SETTINGS);
		expect(form.indicators).toHaveLength(15);
		expect(form.computed.grade).toBe('优');
	});
});
