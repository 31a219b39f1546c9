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
import { KIND_LABELS, SEVERITY_LABELS } from '$lib/labels';
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

const COLUMNS: ExportColumn[] = [
	{ header: '级别', key: 'severity', kind: 'text' },
	{ header: '问题类型', key: 'label', kind: 'text' },
	{ header: '问题', key: 'message', kind: 'text' },
	{ header: '位置', key: 'where', kind: 'text' },
	{ header: '单位', key: 'unit', kind: 'text' },
	{ header: '年度', key: 'year', kind: 'year' },
	{ header: '类型', key: 'kind', kind: 'text' },
	{ header: '项目', key: 'project', kind: 'text' },
	{ header: '代码', key: 'code', kind: 'text' },
	{ header: '表编号', key: 'formId', kind: 'int' }
];

export async function exportFindings(url: URL, scope: Scope | null, format: ExportFormat): Promise<Response> {
	const db = await getDb();
	const f = parseFindingsQuery(url.searchParams);
	const filter = findingFilter(f);
	const { rows, total } = await collectPages(
		(page, pageSize) => listFindings(db, { ...filter, limit: pageSize, offset: (page - 1) * pageSize }, scope ?? undefined),
		10_000
	);
	const unitName = f.unitId === null ? null : (rows[0]?.unit ?? `单位编号 ${f.unitId}`);
	const filters = [
		f.code ? `问题类型：${findingLabel(f.code)}` : null,
		f.severity ? `级别：${SEVERITY_LABELS[f.severity]}` : null,
		f.year !== null ? `${f.year} 年` : null,
		f.kind ? KIND_LABELS[f.kind] : null,
		unitName ? `单位：${unitName}` : null,
		f.q ? `含「${f.q}」` : null
	];
	return exportResponse(
		{
			sheetName: '问题',
			title: '自评表问题清单',
			filters: filterLine('问题', filters, { total, written: rows.length }),
			columns: COLUMNS,
			rows: rows.map((r) => ({ ...r, severity: SEVERITY_LABELS[r.severity], kind: KIND_LABELS[r.kind] }))
		},
		format,
		exportFileName(
			['问题', f.year, f.kind ? KIND_LABELS[f.kind] : null, f.severity ? SEVERITY_LABELS[f.severity] : null, f.code ? findingLabel(f.code) : null, unitName],
			format
		)
	);
}
