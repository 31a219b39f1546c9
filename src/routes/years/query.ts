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
import { kindLabel } from '$lib/labels';
import { m } from '$lib/paraglide/messages';
import { intParam, kindParam, oneOf, textParam } from '$lib/params';

const METRICS = ['rate', 'score', 'self'] as const;

const METRIC_LABELS: Record<TrendMetric, () => string> = { rate: m.metric_rate, score: m.metric_score, self: m.metric_self };

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
export function matrixPage(db: Db, q: YearsQuery, page: number, pageSize: number, scope: Scope | null): Promise<YearsMatrix> {
	return getYearsMatrix(db, { kind: q.kind, metric: q.metric, search: q.search, page, pageSize }, scope);
}

export async function exportYears(url: URL, scope: Scope | null, format: ExportFormat): Promise<Response> {
	const db = await getDb();
	const q = parseYearsQuery(url.searchParams);
	let years: number[] = [];
	const { rows, total } = await collectPages(async (page, pageSize) => {
		const mx = await matrixPage(db, q, page, pageSize, scope);
		years = mx.years;
		const at = new Map(mx.cells.map((c) => [`${c.unitId}:${c.year}`, c.value]));
		return {
			rows: mx.units.map((u) => {
				const row: Record<string, unknown> = { unit: u.name, unitId: u.unitId };
				for (const y of mx.years) row[`y${y}`] = at.get(`${u.unitId}:${y}`) ?? null;
				return row;
			}),
			total: mx.totalUnits
		};
	}, 1000);
	const valueKind = q.metric === 'rate' ? 'rate' : 'score';
	const columns: ExportColumn[] = [
		{ header: m.x_unit(), key: 'unit', kind: 'text' },
		...years.map((y): ExportColumn => ({ header: m.x_year({ year: y }), key: `y${y}`, kind: valueKind })),
		{ header: m.x_unit_id(), key: 'unitId', kind: 'int' }
	];
	const metric = METRIC_LABELS[q.metric]();
	const filters = [
		kindLabel(q.kind),
		q.kind !== 'project'
			? m.x_metric({ metric })
			: q.metric === 'rate'
				? m.x_metric_weighted({ metric })
				: m.x_metric_averaged({ metric }),
		q.search ? m.x_unit_contains({ text: q.search }) : null
	];
	return exportResponse(
		{
			sheetName: m.x_years_sheet({ metric }),
			title: m.x_years_title({ metric }),
			filters: filterLine(m.x_years_page(), filters, { total, written: rows.length }),
			columns,
			rows
		},
		format,
		exportFileName([m.x_years_page(), metric, kindLabel(q.kind), q.search], format)
	);
}
