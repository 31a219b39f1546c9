/**
 * The comparison's filters, read from the URL once for the page and its exports, so that an export holds
 * exactly the rows the table shows, in the same order (all pages of them).
 */
import type { FormKind, Grade } from '$lib/domain/form';
import { formatRate } from '$lib/domain/format';
import type { Scope } from '$lib/server/auth/scope';
import { getDb, type Db } from '$lib/server/db';
import {
	COMPARISON_METRICS,
	COMPARISON_SORTS,
	getComparison,
	type Comparison,
	type ComparisonMetric,
	type ComparisonSort
} from '$lib/server/repositories/dashboard';
import { yearsAvailable } from '$lib/server/repositories/forms';
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

const GRADES = ['优', '良', '中', '差', 'none'] as const;

export const METRIC_LABELS: Record<ComparisonMetric, string> = {
	rate: '执行率',
	self: '自评得分',
	score: '复核得分',
	gap: '自评与复核分差'
};

export interface CompareQuery {
	kind: FormKind;
	/** asked for; the year shown is this one when it has forms, else the latest */
	askedYear: number | null;
	metric: ComparisonMetric;
	sort: ComparisonSort | undefined;
	dir: 'asc' | 'desc' | undefined;
	grade: Grade | 'none' | null;
	search: string | null;
	belowOnly: boolean;
	page: number;
}

export function parseCompareQuery(p: URLSearchParams): CompareQuery {
	const sortParam = p.get('sort');
	const dirParam = p.get('dir');
	const gradeParam = p.get('grade');
	return {
		kind: kindParam(p),
		askedYear: intParam(p, 'year'),
		metric: oneOf(p, 'metric', COMPARISON_METRICS, 'rate'),
		sort: COMPARISON_SORTS.includes(sortParam as ComparisonSort) ? (sortParam as ComparisonSort) : undefined,
		dir: dirParam === 'asc' || dirParam === 'desc' ? dirParam : undefined,
		grade: (GRADES as readonly string[]).includes(gradeParam ?? '') ? (gradeParam as (typeof GRADES)[number]) : null,
		search: textParam(p, 'q'),
		belowOnly: p.get('below') === '1',
		page: intParam(p, 'page') ?? 1
	};
}

/** The years with forms of the kind, and the year shown. */
export async function compareYear(
	db: Db,
	q: CompareQuery,
	scope: Scope | null
): Promise<{ years: number[]; year: number | null }> {
	const years = await yearsAvailable(db, { kind: q.kind }, scope ?? undefined);
	const year = q.askedYear !== null && years.includes(q.askedYear) ? q.askedYear : (years[0] ?? null);
	return { years, year };
}

/** One page of the comparison: the same call for the page (its page) and the exports (every page). */
export function comparisonPage(db: Db, q: CompareQuery, year: number, page: number, pageSize: number): Promise<Comparison> {
	const { kind, metric, search, grade, belowOnly, sort, dir } = q;
	return getComparison(db, { year, kind, metric, search, grade, belowOnly, sort, dir, page, pageSize });
}

/** The filters in force, as the page's chart titles name them. */
function filterParts(q: CompareQuery, year: number, alertLine: number): string[] {
	return [
		`${year} 年`,
		KIND_LABELS[q.kind],
		`指标：${METRIC_LABELS[q.metric]}`,
		q.search ? `单位含「${q.search}」` : '',
		q.grade ? `等级 ${q.grade === 'none' ? '无等级' : q.grade}` : '',
		q.belowOnly ? `仅低于预警线（${formatRate(alertLine)}）` : ''
	];
}

export async function exportComparison(url: URL, scope: Scope | null, format: ExportFormat): Promise<Response> {
	const db = await getDb();
	const q = parseCompareQuery(url.searchParams);
	const { year } = await compareYear(db, q, scope);
	if (year === null) {
		return new Response(`暂无${KIND_LABELS[q.kind]}自评表数据，无可导出的内容`, {
			status: 404,
			headers: { 'content-type': 'text/plain; charset=utf-8' }
		});
	}
	let alertLine = 0;
	const { rows, total } = await collectPages(async (page, pageSize) => {
		const c = await comparisonPage(db, q, year, page, pageSize);
		alertLine = c.alertLine;
		return { rows: c.rows, total: c.total };
	}, 1000);
	const columns: ExportColumn[] = [
		{ header: '序号', key: 'n', kind: 'int' },
		{ header: '单位', key: 'unit', kind: 'text' },
		...(q.kind === 'project' ? [{ header: '项目', key: 'project', kind: 'text' } as const] : []),
		{ header: '全年预算数（万元）', key: 'budgetWan', kind: 'money' },
		{ header: '全年执行数（万元）', key: 'executedWan', kind: 'money' },
		{ header: '执行率', key: 'rate', kind: 'rate' },
		{ header: '自评得分', key: 'self', kind: 'score' },
		{ header: '复核得分', key: 'score', kind: 'score' },
		{ header: '分差（自评−复核）', key: 'gap', kind: 'score' },
		{ header: '等级（复核）', key: 'grade', kind: 'text' },
		{ header: '问题数', key: 'findingsCount', kind: 'int' },
		{ header: '演示数据', key: 'demo', kind: 'text' }
	];
	return exportResponse(
		{
			sheetName: `对比 ${year}`,
			title: `单位对比 · ${year} 年`,
			filters: filterLine('对比', filterParts(q, year, alertLine), { total, written: rows.length }),
			columns,
			rows: rows.map((r, i) => ({ ...r, n: i + 1, demo: r.isDemo ? '是' : null }))
		},
		format,
		exportFileName(
			['对比', year, KIND_LABELS[q.kind], METRIC_LABELS[q.metric], q.belowOnly ? '低于预警线' : null, q.grade === 'none' ? '无等级' : q.grade, q.search],
			format
		)
	);
}
