/**
 * Forms built from a few numbers, imported through the real import service with an injected parser: the
 * dashboard tests need many units, years, kinds and money units, not many documents.
 */
import fs from 'node:fs';
import type { Kysely } from 'kysely';
import { evaluate } from '../../src/lib/domain';
import { emptyFundRow, type FormKind, type MoneyUnit, type ReadForm } from '../../src/lib/domain/form';
import type { Database, Origin } from '../../src/lib/server/db/schema';
import { importFile, type ImportedForm } from '../../src/lib/server/services/import';
import { SEED_TXT } from './helpers';
import { seedReadForm } from './stub';

export interface Spec {
	unit: string;
	year: number;
	kind?: FormKind;
	project?: string;
	/** 全年预算数 / 全年执行数 / 上级财政转移支付 in the form's money unit; null: not printed */
	budget: number | null;
	executed: number | null;
	transfer?: number | null;
	moneyUnit?: MoneyUnit;
	/** 总分 as printed */
	self?: number | null;
	origin?: Origin;
}

const seed = () => seedReadForm(fs.readFileSync(SEED_TXT, 'utf8'), 'wangcheng-2020.txt');

/** The seed's indicators (90 points, all full marks) under a funds total made of the spec's numbers. */
export function readFormOf(spec: Spec): ReadForm {
	const kind = spec.kind ?? 'department';
	return {
		...seed(),
		kind,
		title: kind === 'department' ? '部门整体自评表' : '项目支出绩效自评表',
		unit: spec.unit,
		project: kind === 'project' ? (spec.project ?? '某项目') : null,
		year: spec.year,
		moneyUnit: spec.moneyUnit ?? '万元',
		rateFormulaPrinted: null,
		funds: {
			rows: [],
			total: {
				...emptyFundRow('年度资金总额'),
				budget: spec.budget,
				executed: spec.executed,
				transfer: spec.transfer ?? null,
				weight: 10
			}
		},
		totalScorePrinted: spec.self ?? null,
		notes: []
	};
}

let serial = 0;

/** Import one spec as its own document; returns what the import reports for its form. */
export async function importSpec(db: Kysely<Database>, spec: Spec): Promise<ImportedForm> {
	const bytes = new TextEncoder().encode(`spec ${++serial} ${process.pid} ${JSON.stringify(spec)}`);
	const outcome = await importFile(
		db,
		{ fileName: `${spec.unit}-${spec.year}-${serial}.txt`, bytes },
		{ origin: spec.origin, parse: async (_b, _f, settings) => [evaluate(readFormOf(spec), settings)] }
	);
	if (outcome.status === 'failed' || outcome.forms.length !== 1) throw new Error(outcome.error ?? 'import failed');
	return outcome.forms[0];
}

export async function importAll(db: Kysely<Database>, specs: Spec[]): Promise<ImportedForm[]> {
	const out: ImportedForm[] = [];
	for (const s of specs) out.push(await importSpec(db, s));
	return out;
}
