import type { Kysely } from 'kysely';
import type { FormKind, Severity } from '../../domain/form';
import type { Database } from '../db/schema';

export interface FindingFilter {
	code?: string;
	severity?: Severity;
	year?: number;
	kind?: FormKind;
	unitId?: number;
	formId?: number;
	/** only findings of current forms (default true; ignored when formId is given) */
	currentOnly?: boolean;
}

export interface FindingListItem {
	formId: number;
	ord: number;
	code: string;
	severity: Severity;
	message: string;
	where: string | null;
	unitId: number;
	unit: string;
	year: number;
	kind: FormKind;
	project: string | null;
}

function filtered(db: Kysely<Database>, f: FindingFilter) {
	let q = db
		.selectFrom('findings')
		.innerJoin('forms', 'forms.id', 'findings.form_id')
		.innerJoin('units', 'units.id', 'forms.unit_id');
	if (f.formId !== undefined) q = q.where('findings.form_id', '=', f.formId);
	else if (f.currentOnly !== false) q = q.where('forms.is_current', '=', 1);
	if (f.code) q = q.where('findings.code', '=', f.code);
	if (f.severity) q = q.where('findings.severity', '=', f.severity);
	if (f.year !== undefined) q = q.where('forms.year', '=', f.year);
	if (f.kind) q = q.where('forms.kind', '=', f.kind);
	if (f.unitId !== undefined) q = q.where('forms.unit_id', '=', f.unitId);
	return q;
}

/** Findings with their form's unit, year and project; errors first, then by form and position. */
export async function listFindings(
	db: Kysely<Database>,
	opts: FindingFilter & { limit?: number; offset?: number } = {}
): Promise<{ rows: FindingListItem[]; total: number }> {
	const rows = await filtered(db, opts)
		.select([
			'findings.form_id as formId',
			'findings.ord',
			'findings.code',
			'findings.severity',
			'findings.message',
			'findings.where',
			'forms.unit_id as unitId',
			'units.name as unit',
			'forms.year',
			'forms.kind',
			'forms.project'
		])
		.orderBy((eb) =>
			eb
				.case()
				.when('findings.severity', '=', 'error')
				.then(0)
				.when('findings.severity', '=', 'warning')
				.then(1)
				.else(2)
				.end()
		)
		.orderBy('forms.year', 'desc')
		.orderBy('units.name')
		.orderBy('findings.form_id')
		.orderBy('findings.ord')
		.limit(Math.min(Math.max(opts.limit ?? 100, 1), 10_000))
		.offset(Math.max(opts.offset ?? 0, 0))
		.execute();
	const { n } = await filtered(db, opts)
		.select((eb) => eb.fn.countAll<number>().as('n'))
		.executeTakeFirstOrThrow();
	return {
		rows: rows.map((r) => ({ ...r, project: r.project === '' ? null : r.project })),
		total: Number(n)
	};
}

/** How often each finding code (and severity) occurs, and in how many forms; most frequent first. */
export async function countFindingsByCode(
	db: Kysely<Database>,
	opts: Omit<FindingFilter, 'code'> = {}
): Promise<{ code: string; severity: Severity; count: number; forms: number }[]> {
	const rows = await filtered(db, opts)
		.select((eb) => [
			'findings.code',
			'findings.severity',
			eb.fn.countAll<number>().as('count'),
			eb.fn.count<number>('findings.form_id').distinct().as('forms')
		])
		.groupBy(['findings.code', 'findings.severity'])
		.orderBy('count', 'desc')
		.orderBy('findings.code')
		.execute();
	return rows.map((r) => ({
		code: r.code,
		severity: r.severity as Severity,
		count: Number(r.count),
		forms: Number(r.forms)
	}));
}
