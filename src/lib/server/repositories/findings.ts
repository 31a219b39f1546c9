import type { Kysely } from 'kysely';
import { FINDING_CODES } from '../../domain/findings';
import type { FormKind, Severity } from '../../domain/form';
import type { Database } from '../db/schema';
import { containsText } from '../db/sql';
import { unitNameKey } from './units';

/** The short label of a finding code for filters (FINDING_CODES), the code itself for a reader's own codes. */
export function findingLabel(code: string): string {
	return (FINDING_CODES as Record<string, { label: string }>)[code]?.label ?? code;
}

export interface FindingFilter {
	code?: string;
	severity?: Severity;
	year?: number;
	kind?: FormKind;
	/** the unit the forms count for (forms of units merged into it included) */
	unitId?: number;
	formId?: number;
	/** part of the unit name (any spelling), of the project name or of the message */
	search?: string;
	/**
	 * only findings of live forms: current, and not hidden by a newer form of the same unit after a merge
	 * (default true; ignored when formId is given)
	 */
	currentOnly?: boolean;
}

export interface FindingListItem {
	formId: number;
	ord: number;
	code: string;
	/** FINDING_CODES label */
	label: string;
	severity: Severity;
	message: string;
	where: string | null;
	/** the unit the form counts for */
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
		.innerJoin('units', 'units.id', 'forms.canonical_unit_id');
	if (f.formId !== undefined) q = q.where('findings.form_id', '=', f.formId);
	else if (f.currentOnly !== false) q = q.where('forms.is_current', '=', 1).where('forms.shadowed_by', 'is', null);
	if (f.code) q = q.where('findings.code', '=', f.code);
	if (f.severity) q = q.where('findings.severity', '=', f.severity);
	if (f.year !== undefined) q = q.where('forms.year', '=', f.year);
	if (f.kind) q = q.where('forms.kind', '=', f.kind);
	if (f.unitId !== undefined) q = q.where('forms.canonical_unit_id', '=', f.unitId);
	const search = f.search?.trim();
	if (search) {
		q = q.where((eb) =>
			eb.or([
				containsText(eb.ref('units.name_key'), unitNameKey(search)),
				containsText(eb.ref('forms.project'), search),
				containsText(eb.ref('findings.message'), search)
			])
		);
	}
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
			'forms.canonical_unit_id as unitId',
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
		rows: rows.map((r) => ({ ...r, label: findingLabel(r.code), project: r.project === '' ? null : r.project })),
		total: Number(n)
	};
}

/**
 * How often each finding code (and severity) occurs, and in how many forms; most frequent first. With the
 * label, these are the options of the findings page's code filter.
 */
export async function countFindingsByCode(
	db: Kysely<Database>,
	opts: Omit<FindingFilter, 'code'> = {}
): Promise<{ code: string; label: string; severity: Severity; count: number; forms: number }[]> {
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
		label: findingLabel(r.code),
		severity: r.severity as Severity,
		count: Number(r.count),
		forms: Number(r.forms)
	}));
}
