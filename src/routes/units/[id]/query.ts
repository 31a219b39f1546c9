/**
 * The unit page's address (unit id, ?year=), read once for the page and for the export of the chosen year's
 * indicators, so that the export is the tree the page shows.
 */
import { error } from '@sveltejs/kit';
import type { Scope } from '$lib/server/auth/scope';
import { getDb } from '$lib/server/db';
import { getUnitPage } from '$lib/server/repositories/dashboard';
import {
	exportFileName,
	exportResponse,
	filterLine,
	type ExportColumn,
	type ExportFormat
} from '$lib/server/services/export';
import { intParam } from '$lib/params';
import { indicatorRows } from '$lib/view';

export function unitIdOf(raw: string): number {
	const id = Number(raw);
	if (!Number.isInteger(id) || id <= 0) error(404, '没有这个单位');
	return id;
}

export function parseUnitYear(params: URLSearchParams): number | null {
	return intParam(params, 'year');
}

const COLUMNS: ExportColumn[] = [
	{ header: '序号', key: 'n', kind: 'int' },
	{ header: '一级指标', key: 'level1', kind: 'text' },
	{ header: '二级指标', key: 'level2', kind: 'text' },
	{ header: '三级指标', key: 'level3', kind: 'text' },
	{ header: '目标内容', key: 'content', kind: 'text' },
	{ header: '目标值', key: 'targetValue', kind: 'text' },
	{ header: '完成值', key: 'actualValue', kind: 'text' },
	{ header: '分值', key: 'weight', kind: 'score' },
	{ header: '得分', key: 'score', kind: 'score' },
	{ header: '扣分', key: 'lost', kind: 'score' },
	{ header: '未完成原因', key: 'reason', kind: 'text' },
	{ header: '改进措施', key: 'measure', kind: 'text' }
];

/** The chosen year's department form's indicators, one row each, 一级 and 二级 filled on every row. */
export async function exportIndicators(
	rawId: string,
	url: URL,
	_scope: Scope | null,
	format: ExportFormat
): Promise<Response> {
	const db = await getDb();
	const id = unitIdOf(rawId);
	const unitPage = await getUnitPage(db, id, { year: parseUnitYear(url.searchParams) });
	if (!unitPage) error(404, '没有这个单位');
	const dept = unitPage.department;
	if (!dept || unitPage.year === null) error(404, `${unitPage.unit.name}${unitPage.year ? ` ${unitPage.year} 年` : ''}没有部门整体自评表`);
	const form = dept.form;
	const rows = indicatorRows(form.indicators).map((r) => ({
		...r.indicator,
		n: r.n,
		lost: r.lost
	}));
	return exportResponse(
		{
			sheetName: `${unitPage.year} 绩效指标`,
			title: `${unitPage.unit.name} ${unitPage.year} 年部门整体绩效指标`,
			filters: filterLine(unitPage.unit.name, [
				`${unitPage.year} 年`,
				'部门整体支出绩效自评表 · 年度绩效指标',
				`表编号 ${dept.id}`,
				`总分：自评 ${form.totalScorePrinted ?? '—'}，复核 ${form.computed.totalScore ?? '—'}`
			]),
			columns: COLUMNS,
			rows
		},
		format,
		exportFileName([unitPage.unit.name, unitPage.year, '绩效指标'], format)
	);
}
