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
	getComparisonPoints,
	liveYears,
	type Comparison,
	type ComparisonPoints,
	type ComparisonMetric,
	type ComparisonSort
} from '$lib/server/repositories/dashboard';
import {
	collectPages,
	exportFileName,
	exportResponse,
	filterLine,
	type ExportColumn,
	type ExportFormat
} from '$lib/server/services/export';
import { gradeLabel, kindLabel } from '$lib/labels';
import { m } from '$lib/paraglide/messages';
import { intParam, kindParam, oneOf, textParam } from '$lib/params';

const GRADES = ['优', '良', '中', '差', 'none'] as const;

const METRIC_LABELS: Record<ComparisonMetric, () => string> = {
	rate: m.metric_rate,
	self: m.metric_self,
	score: m.metric_score,
	gap: m.metric_gap
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
	// index seeks per year rather than a scan of every current form (8 ms at 100K forms, on every request)
	const years = await liveYears(db, q.kind, scope);
	const year = q.askedYear !== null && years.includes(q.askedYear) ? q.askedYear : (years[0] ?? null);
	return { years, year };
}

/** One page of the comparison: the same call for the page (its page) and the exports (every page). */
export function comparisonPage(
	db: Db,
	q: CompareQuery,
	year: number,
	page: number,
	pageSize: number,
	scope: Scope | null
): Promise<Comparison> {
	const { kind, metric, search, grade, belowOnly, sort, dir } = q;
	return getComparison(db, { year, kind, metric, search, grade, belowOnly, sort, dir, page, pageSize }, scope);
}

/** The charts' points for the page's filters (sort and page leave them as they are). */
export function comparisonPoints(db: Db, q: CompareQuery, year: number, scope: Scope | null): Promise<ComparisonPoints> {
	const { kind, metric, search, grade, belowOnly } = q;
	return getComparisonPoints(db, { year, kind, metric, search, grade, belowOnly }, scope);
}

/** The filters in force, as the page's chart titles name them. */
function filterParts(q: CompareQuery, year: number, alertLine: number): string[] {
	return [
		m.x_year({ year }),
		kindLabel(q.kind),
		m.x_metric({ metric: METRIC_LABELS[q.metric]() }),
		q.search ? m.x_unit_contains({ text: q.search }) : '',
		q.grade ? m.x_grade_filter({ grade: gradeLabel(q.grade) }) : '',
		q.belowOnly ? m.x_below_only({ rate: formatRate(alertLine) }) : ''
	];
}

export async function exportComparison(url: URL, scope: Scope | null, format: ExportFormat): Promise<Response> {
	const db = await getDb();
	const q = parseCompareQuery(url.searchParams);
	const { year } = await compareYear(db, q, scope);
	if (year === null) {
		return new Response(m.x_no_data({ kind: kindLabel(q.kind) }), {
			status: 404,
			headers: { 'content-type': 'text/plain; charset=utf-8' }
		});
	}
	let alertLine = 0;
	const { rows, total } = await collectPages(async (page, pageSize) => {
		const c = await comparisonPage(db, q, year, page, pageSize, scope);
		alertLine = c.alertLine;
		return { rows: c.rows, total: c.total };
	}, 1000);
	const columns: ExportColumn[] = [
		{ header: m.x_n(), key: 'n', kind: 'int' },
		{ header: m.x_unit(), key: 'unit', kind: 'text' },
		...(q.kind === 'project' ? [{ header: m.x_project(), key: 'project', kind: 'text' } as const] : []),
		{ header: m.x_budget_wan(), key: 'budgetWan', kind: 'money' },
		{ header: m.x_executed_wan(), key: 'executedWan', kind: 'money' },
		{ header: m.x_rate(), key: 'rate', kind: 'rate' },
		{ header: m.x_self(), key: 'self', kind: 'score' },
		{ header: m.x_score(), key: 'score', kind: 'score' },
		{ header: m.x_gap(), key: 'gap', kind: 'score' },
		{ header: m.x_grade(), key: 'grade', kind: 'text' },
		{ header: m.x_findings_count(), key: 'findingsCount', kind: 'int' },
		{ header: m.x_demo(), key: 'demo', kind: 'text' }
	];
	return exportResponse(
		{
			sheetName: m.x_compare_sheet({ year }),
			title: m.x_compare_title({ year }),
			filters: filterLine(m.x_compare_page(), filterParts(q, year, alertLine), { total, written: rows.length }),
			columns,
			rows: rows.map((r, i) => ({
				...r,
				n: i + 1,
				grade: r.grade === null ? null : gradeLabel(r.grade),
				demo: r.isDemo ? m.x_yes() : null
			}))
		},
		format,
		exportFileName(
			[
				m.x_compare_page(),
				year,
				kindLabel(q.kind),
				METRIC_LABELS[q.metric](),
				q.belowOnly ? m.x_below() : null,
				q.grade ? gradeLabel(q.grade) : null,
				q.search
			],
			format
		)
	);
}
