/**
 * The unit page's address (unit id, ?year=), read once for the page and for the export of the chosen year's
 * indicators, so that the export is the tree the page shows.
 */
import { error } from '@sveltejs/kit';
import { canSeeUnit, type Scope } from '$lib/server/auth/scope';
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
import { m } from '$lib/paraglide/messages';
import { indicatorRows } from '$lib/view';

export function unitIdOf(raw: string): number {
	const id = Number(raw);
	if (!Number.isInteger(id) || id <= 0) error(404, m.unit_not_found());
	return id;
}

export function parseUnitYear(params: URLSearchParams): number | null {
	return intParam(params, 'year');
}

// a function: the headers are in the request's language
function columns(): ExportColumn[] {
	return [
		{ header: m.x_n(), key: 'n', kind: 'int' },
		{ header: m.fv_level1(), key: 'level1', kind: 'text' },
		{ header: m.fv_level2(), key: 'level2', kind: 'text' },
		{ header: m.fv_level3(), key: 'level3', kind: 'text' },
		{ header: m.fv_content(), key: 'content', kind: 'text' },
		{ header: m.fv_target_value(), key: 'targetValue', kind: 'text' },
		{ header: m.fv_actual_value(), key: 'actualValue', kind: 'text' },
		{ header: m.fv_weight_col(), key: 'weight', kind: 'score' },
		{ header: m.fv_score_col(), key: 'score', kind: 'score' },
		{ header: m.fv_lost(), key: 'lost', kind: 'score' },
		{ header: m.fv_reason(), key: 'reason', kind: 'text' },
		{ header: m.fv_measure(), key: 'measure', kind: 'text' }
	];
}

/** The chosen year's department form's indicators, one row each, 一级 and 二级 filled on every row. */
export async function exportIndicators(
	rawId: string,
	url: URL,
	scope: Scope | null,
	format: ExportFormat
): Promise<Response> {
	const db = await getDb();
	const id = unitIdOf(rawId);
	const unitPage = await getUnitPage(db, id, { year: parseUnitYear(url.searchParams) }, scope);
	// another unit does not exist for a unit account
	if (!unitPage || !canSeeUnit(scope, unitPage.unit.id)) error(404, m.unit_not_found());
	const dept = unitPage.department;
	if (!dept || unitPage.year === null) {
		const unit = unitPage.unit.name;
		error(404, unitPage.year ? m.x_no_department_year({ unit, year: unitPage.year }) : m.x_no_department({ unit }));
	}
	const form = dept.form;
	const rows = indicatorRows(form.indicators).map((r) => ({
		...r.indicator,
		n: r.n,
		lost: r.lost
	}));
	return exportResponse(
		{
			sheetName: m.x_indicators_sheet({ year: unitPage.year }),
			title: m.x_indicators_title({ unit: unitPage.unit.name, year: unitPage.year }),
			filters: filterLine(unitPage.unit.name, [
				m.x_year({ year: unitPage.year }),
				m.x_indicators_form(),
				`${m.x_form_id()} ${dept.id}`,
				m.x_indicators_totals({ self: form.totalScorePrinted ?? '—', recomputed: form.computed.totalScore ?? '—' })
			]),
			columns: columns(),
			rows
		},
		format,
		exportFileName([unitPage.unit.name, unitPage.year, m.x_indicators()], format)
	);
}
