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
import { gradeLabel, kindLabel } from '$lib/labels';
import { m } from '$lib/paraglide/messages';

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

// functions, not strings: the words are the request's language (the message catalogue)
const SORT_LABELS: Record<string, () => string> = {
	unit: m.x_unit,
	year: m.x_year_col,
	kind: m.x_kind,
	project: m.x_project,
	budget: m.col_budget,
	rate: m.x_rate,
	fundsScore: m.x_sort_funds_score,
	totalScore: m.x_score,
	totalScorePrinted: m.x_self,
	findings: m.x_findings_count,
	errors: m.x_errors_count,
	created: m.x_sort_created
};

function columns(): ExportColumn[] {
	return [
		{ header: m.x_unit(), key: 'unit', kind: 'text' },
		{ header: m.x_year_col(), key: 'year', kind: 'year' },
		{ header: m.x_kind(), key: 'kind', kind: 'text' },
		{ header: m.x_project(), key: 'project', kind: 'text' },
		{ header: m.x_budget_wan(), key: 'budgetWan', kind: 'money' },
		{ header: m.x_executed_wan(), key: 'executedWan', kind: 'money' },
		{ header: m.x_rate_recomputed(), key: 'rate', kind: 'rate' },
		{ header: m.x_rate_printed(), key: 'ratePrinted', kind: 'rate' },
		{ header: m.x_funds_score(), key: 'fundsScore', kind: 'score' },
		{ header: m.x_self(), key: 'totalScorePrinted', kind: 'score' },
		{ header: m.x_score(), key: 'totalScore', kind: 'score' },
		{ header: m.x_grade_plain(), key: 'grade', kind: 'text' },
		{ header: m.x_findings_count(), key: 'findingsCount', kind: 'int' },
		{ header: m.x_errors_count(), key: 'errorsCount', kind: 'int' },
		{ header: m.x_demo(), key: 'demo', kind: 'text' },
		{ header: m.x_form_id(), key: 'id', kind: 'int' }
	];
}

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
		f.year !== null ? m.x_year({ year: f.year }) : null,
		f.kind ? kindLabel(f.kind) : null,
		f.q ? m.x_unit_or_project_contains({ text: f.q }) : null,
		sortKey
			? m.x_sort_by({
					column: SORT_LABELS[sortKey]?.() ?? sortKey,
					order: f.sort?.startsWith('-') ? m.x_descending() : m.x_ascending()
				})
			: null
	];
	return exportResponse(
		{
			sheetName: m.x_forms_sheet(),
			title: m.x_forms_title(),
			filters: filterLine(m.x_forms_sheet(), filters, { total, written: rows.length }),
			columns: columns(),
			rows: rows.map((r) => ({
				...r,
				kind: kindLabel(r.kind),
				grade: r.grade === null ? null : gradeLabel(r.grade),
				demo: r.isDemo ? m.x_yes() : null
			}))
		},
		format,
		exportFileName([m.x_forms_sheet(), f.year, f.kind ? kindLabel(f.kind) : null, f.q], format)
	);
}
