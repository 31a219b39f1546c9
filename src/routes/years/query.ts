/**
 * The years page's filters, read from the URL once for the page and its exports: the export is the same
 * units × years matrix, every page of units.
 */
import type { FormKind } from '$lib/domain/form';
import type { Scope } from '$lib/server/auth/scope';
import { getDb, type Db } from '$lib/server/db';
import { getYearsMatrix, type TrendMetric, type YearsMatrix } from '$lib/server/repositories/dashboard';
import {
	collectPages,
	exportFileName,
	exportResponse,
	filterLine,
	type ExportColumn,
	type ExportFormat
} from '$lib/server/services/export';
import { KIND_LABELS } from '$lib/labels';
import { intParam, kindParam, oneOf, textParam } from '$lib/params';

const METRICS = ['rate', 'score', 'self'] as const;

export const METRIC_LABELS: Record<TrendMetric, string> = { rate: '执行率', score: '复核得分', self: '自评得分' };

export interface YearsQuery {
	kind: FormKind;
	metric: TrendMetric;
	search: string | null;
	page: number;
	/** units picked for the trend chart (?pick=1,2,3), at most 20 */
	picked: number[];
}

export function parseYearsQuery(p: URLSearchParams): YearsQuery {
	return {
		kind: kindParam(p),
		metric: oneOf(p, 'metric', METRICS, 'rate'),
		search: textParam(p, 'q'),
		page: intParam(p, 'page') ?? 1,
		picked: (p.get('pick') ?? '')
			.split(',')
			.map(Number)
			.filter((n) => Number.isInteger(n) && n > 0)
			.slice(0, 20)
	};
}

/** One page of units × years: the same call for the page and the exports. */
export function matrixPage(db: Db, q: YearsQuery, page: number, pageSize: number): Promise<YearsMatrix> {
	return getYearsMatrix(db, { kind: q.kind, metric: q.metric, search: q.search, page, pageSize });
}

export async function exportYears(url: URL, _scope: Scope | null, format: ExportFormat): Promise<Response> {
	const db = await getDb();
	const q = parseYearsQuery(url.searchParams);
	let years: number[] = [];
	const { rows, total } = await collectPages(async (page, pageSize) => {
		const m = await matrixPage(db, q, page, pageSize);
		years = m.years;
		const at = new Map(m.cells.map((c) => [`${c.unitId}:${c.year}`, c.value]));
		return {
			rows: m.units.map((u) => {
				const row: Record<string, unknown> = { unit: u.name, unitId: u.unitId };
				for (const y of m.years) row[`y${y}`] = at.get(`${u.unitId}:${y}`) ?? null;
				return row;
			}),
			total: m.totalUnits
		};
	}, 1000);
	const valueKind = q.metric === 'rate' ? 'rate' : 'score';
	const columns: ExportColumn[] = [
		{ header: '单位', key: 'unit', kind: 'text' },
		...years.map((y): ExportColumn => ({ header: `${y} 年`, key: `y${y}`, kind: valueKind })),
		{ header: '单位编号', key: 'unitId', kind: 'int' }
	];
	const filters = [
		KIND_LABELS[q.kind],
		`指标：${METRIC_LABELS[q.metric]}${q.kind === 'project' ? (q.metric === 'rate' ? '（各项目按预算加权）' : '（各项目平均）') : ''}`,
		q.search ? `单位含「${q.search}」` : null
	];
	return exportResponse(
		{
			sheetName: `历年${METRIC_LABELS[q.metric]}`,
			title: `各单位历年${METRIC_LABELS[q.metric]}`,
			filters: filterLine('趋势', filters, { total, written: rows.length }),
			columns,
			rows
		},
		format,
		exportFileName(['趋势', METRIC_LABELS[q.metric], KIND_LABELS[q.kind], q.search], format)
	);
}
