/**
 * The forms list's filters, read from the URL once for the page and its exports, so that an export holds
 * exactly the rows the list shows (all pages of them).
 */
import type { FormKind } from '$lib/domain/form';
import type { Scope } from '$lib/server/auth/scope';
import { getDb } from '$lib/server/db';
import { isFormSort, listCurrentForms, type FormSort, type ListFormsOptions } from '$lib/server/repositories/forms';
import {
	collectPages,
	exportFileName,
	exportResponse,
	filterLine,
	type ExportColumn,
	type ExportFormat
} from '$lib/server/services/export';
import { KIND_LABELS } from '$lib/labels';

export interface FormsQuery {
	year: number | null;
	kind: FormKind | null;
	q: string | null;
	sort: FormSort | null;
	page: number;
}

export function parseFormsQuery(params: URLSearchParams): FormsQuery {
	const yearParam = Number(params.get('year'));
	const year = Number.isInteger(yearParam) && yearParam > 0 ? yearParam : null;
	const kindParam = params.get('kind');
	const kind = kindParam === 'department' || kindParam === 'project' ? kindParam : null;
	const q = params.get('q')?.trim() || null;
	const sortParam = params.get('sort');
	const sort = isFormSort(sortParam) ? sortParam : null;
	const page = Math.max(1, Math.floor(Number(params.get('page')) || 1));
	return { year, kind, q, sort, page };
}

/** The repository's filter and order for these filters (paging is the caller's). */
export function formsListOptions(f: FormsQuery): ListFormsOptions {
	return { year: f.year ?? undefined, kind: f.kind ?? undefined, search: f.q ?? undefined, sort: f.sort ?? undefined };
}

const SORT_LABELS: Record<string, string> = {
	unit: '单位',
	year: '年度',
	kind: '类型',
	project: '项目',
	budget: '全年预算数',
	rate: '执行率',
	fundsScore: '资金得分',
	totalScore: '复核得分',
	totalScorePrinted: '自评得分',
	findings: '问题数',
	errors: '错误数',
	created: '导入时间'
};

const COLUMNS: ExportColumn[] = [
	{ header: '单位', key: 'unit', kind: 'text' },
	{ header: '年度', key: 'year', kind: 'year' },
	{ header: '类型', key: 'kind', kind: 'text' },
	{ header: '项目', key: 'project', kind: 'text' },
	{ header: '全年预算数（万元）', key: 'budgetWan', kind: 'money' },
	{ header: '全年执行数（万元）', key: 'executedWan', kind: 'money' },
	{ header: '执行率（复核）', key: 'rate', kind: 'rate' },
	{ header: '执行率（印刷）', key: 'ratePrinted', kind: 'rate' },
	{ header: '资金得分（复核）', key: 'fundsScore', kind: 'score' },
	{ header: '自评得分', key: 'totalScorePrinted', kind: 'score' },
	{ header: '复核得分', key: 'totalScore', kind: 'score' },
	{ header: '等级', key: 'grade', kind: 'text' },
	{ header: '问题数', key: 'findingsCount', kind: 'int' },
	{ header: '错误数', key: 'errorsCount', kind: 'int' },
	{ header: '演示数据', key: 'demo', kind: 'text' },
	{ header: '表编号', key: 'id', kind: 'int' }
];

/** Every form the list shows for these filters, as a file. */
export async function exportForms(url: URL, scope: Scope | null, format: ExportFormat): Promise<Response> {
	const db = await getDb();
	const f = parseFormsQuery(url.searchParams);
	const options = formsListOptions(f);
	const { rows, total } = await collectPages(
		(page, pageSize) =>
			listCurrentForms(db, { ...options, limit: pageSize, offset: (page - 1) * pageSize }, scope ?? undefined),
		10_000
	);
	const sortKey = f.sort?.replace(/^-/, '');
	const filters = [
		f.year !== null ? `${f.year} 年` : null,
		f.kind ? KIND_LABELS[f.kind] : null,
		f.q ? `单位或项目含「${f.q}」` : null,
		sortKey ? `按${SORT_LABELS[sortKey] ?? sortKey}${f.sort?.startsWith('-') ? '降序' : '升序'}` : null
	];
	return exportResponse(
		{
			sheetName: '自评表',
			title: '绩效自评表',
			filters: filterLine('自评表', filters, { total, written: rows.length }),
			columns: COLUMNS,
			rows: rows.map((r) => ({
				...r,
				kind: KIND_LABELS[r.kind],
				demo: r.isDemo ? '是' : null
			}))
		},
		format,
		exportFileName(['自评表', f.year, f.kind ? KIND_LABELS[f.kind] : null, f.q], format)
	);
}
