/**
 * The findings page's filters, read from the URL once for the page and its exports, so that an export holds
 * exactly the findings the list shows, in the same order (all pages of them).
 */
import type { FormKind, Severity } from '$lib/domain/form';
import type { Scope } from '$lib/server/auth/scope';
import { getDb } from '$lib/server/db';
import { findingLabel, listFindings, type FindingFilter } from '$lib/server/repositories/findings';
import {
	collectPages,
	exportFileName,
	exportResponse,
	filterLine,
	type ExportColumn,
	type ExportFormat
} from '$lib/server/services/export';
import { findingLabel as labelOfFinding, kindLabel, severityLabel } from '$lib/labels';
import { m } from '$lib/paraglide/messages';
import { intParam, textParam } from '$lib/params';

const SEVERITIES = ['error', 'warning', 'info'] as const;

export interface FindingsQuery {
	code: string | null;
	severity: Severity | null;
	year: number | null;
	kind: FormKind | null;
	unitId: number | null;
	q: string | null;
	page: number;
}

export function parseFindingsQuery(p: URLSearchParams): FindingsQuery {
	const severityParam = p.get('severity');
	const kindParam = p.get('kind');
	return {
		code: textParam(p, 'code'),
		severity: (SEVERITIES as readonly string[]).includes(severityParam ?? '') ? (severityParam as Severity) : null,
		year: intParam(p, 'year'),
		kind: kindParam === 'department' || kindParam === 'project' ? kindParam : null,
		unitId: intParam(p, 'unit'),
		q: textParam(p, 'q'),
		page: intParam(p, 'page') ?? 1
	};
}

/** The repository's filter for these filters (paging is the caller's). */
export function findingFilter(f: FindingsQuery): FindingFilter {
	return {
		code: f.code ?? undefined,
		severity: f.severity ?? undefined,
		year: f.year ?? undefined,
		kind: f.kind ?? undefined,
		unitId: f.unitId ?? undefined,
		search: f.q ?? undefined
	};
}

// a function: the headers are in the request's language
function columns(): ExportColumn[] {
	return [
		{ header: m.x_severity(), key: 'severity', kind: 'text' },
		{ header: m.x_finding_type(), key: 'label', kind: 'text' },
		{ header: m.x_finding(), key: 'message', kind: 'text' },
		{ header: m.x_where(), key: 'where', kind: 'text' },
		{ header: m.x_unit(), key: 'unit', kind: 'text' },
		{ header: m.x_year_col(), key: 'year', kind: 'year' },
		{ header: m.x_kind(), key: 'kind', kind: 'text' },
		{ header: m.x_project(), key: 'project', kind: 'text' },
		{ header: m.x_code(), key: 'code', kind: 'text' },
		{ header: m.x_form_id(), key: 'formId', kind: 'int' }
	];
}

export async function exportFindings(url: URL, scope: Scope | null, format: ExportFormat): Promise<Response> {
	const db = await getDb();
	const f = parseFindingsQuery(url.searchParams);
	const filter = findingFilter(f);
	const { rows, total } = await collectPages(
		(page, pageSize) => listFindings(db, { ...filter, limit: pageSize, offset: (page - 1) * pageSize }, scope ?? undefined),
		10_000
	);
	const unitName = f.unitId === null ? null : (rows[0]?.unit ?? m.x_unit_no({ id: f.unitId }));
	const codeLabel = f.code ? labelOfFinding(f.code, findingLabel(f.code)) : null;
	const filters = [
		codeLabel ? m.x_finding_type_filter({ label: codeLabel }) : null,
		f.severity ? m.x_severity_filter({ severity: severityLabel(f.severity) }) : null,
		f.year !== null ? m.x_year({ year: f.year }) : null,
		f.kind ? kindLabel(f.kind) : null,
		unitName ? m.x_unit_filter({ unit: unitName }) : null,
		f.q ? m.x_contains({ text: f.q }) : null
	];
	return exportResponse(
		{
			sheetName: m.x_findings_page(),
			title: m.x_findings_title(),
			filters: filterLine(m.x_findings_page(), filters, { total, written: rows.length }),
			columns: columns(),
			rows: rows.map((r) => ({
				...r,
				label: labelOfFinding(r.code, r.label),
				severity: severityLabel(r.severity),
				kind: kindLabel(r.kind)
			}))
		},
		format,
		exportFileName(
			[m.x_findings_page(), f.year, f.kind ? kindLabel(f.kind) : null, f.severity ? severityLabel(f.severity) : null, codeLabel, unitName],
			format
		)
	);
}
