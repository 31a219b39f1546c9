/**
 * What the printable report shows, for the report page and the PDF alike: the form (within the user's
 * scope: another unit's form does not exist for a unit account), its version and source file, and the time.
 */
import { error } from '@sveltejs/kit';
import type { NormalizedForm } from '$lib/domain/form';
import type { Scope } from '$lib/server/auth/scope';
import { m } from '$lib/paraglide/messages';
import { getDb } from '$lib/server/db';
import { getForm } from '$lib/server/repositories/forms';
import { exportTime } from '$lib/server/services/export';

export interface ReportData {
	form: NormalizedForm;
	formId: number;
	unitId: number;
	/** the unit the form counts for, for file names */
	unitName: string;
	version: number;
	isCurrent: boolean;
	fileName: string;
	generatedAt: string;
}

export async function loadReport(rawId: string, scope: Scope | null): Promise<ReportData> {
	const id = Number(rawId);
	if (!Number.isInteger(id) || id <= 0) error(404, m.form_not_found());
	const detail = await getForm(await getDb(), id, scope ?? undefined);
	if (!detail) error(404, m.form_not_found());
	return {
		form: detail.form,
		formId: detail.id,
		unitId: detail.unitId,
		unitName: detail.unit,
		version: detail.version,
		isCurrent: detail.isCurrent,
		fileName: detail.document.fileName,
		generatedAt: exportTime()
	};
}

/** 中共长沙市望城区委办公室-2020-部门整体自评报告.pdf */
export function reportFileName(data: ReportData): string {
	const f = data.form;
	const what = f.kind === 'department' ? m.report_file_department() : m.report_file_project();
	return [f.unit ?? data.unitName, f.year, f.project, what]
		.filter((p) => p !== null && p !== undefined && String(p).trim() !== '')
		.map((p) => String(p).trim().replace(/[\\/:*?"<>|\r\n\t]+/g, '_'))
		.join('-')
		.slice(0, 120) + '.pdf';
}
