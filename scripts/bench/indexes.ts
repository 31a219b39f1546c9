/**
 * What the dashboard's storage decisions buy, measured on a copy of a benchmark database:
 *
 * - covering indexes: the page loads (computed, caches emptied) with and without the partial covering
 *   indexes of migrations 002/004 (`forms_live_year`, `forms_live_unit`, `findings_slice`);
 * - per-form aggregates kept at import: one year's funds totals summed from the `forms` columns, against
 *   the same sums taken from the fund rows (`fund_rows`, as stored) or from each form's JSON.
 */
import fs from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import { log, removeDb, timeRuns } from './lib';
import type { QueryTiming } from './results';

export interface IndexAblation {
	dropped: string[];
	pages: { page: string; with: QueryTiming; without: QueryTiming }[];
	aggregates: { from: string; timing: QueryTiming; budget: number }[];
}

const COVERING = ['forms_live_year', 'forms_live_unit', 'findings_slice'];

export async function benchIndexes(file: string, scratch: string, runs: number): Promise<IndexAblation> {
	removeDb(scratch);
	// a consistent copy (the WAL folded in), never the benchmark's own database
	const src = new SqliteDatabase(file, { readonly: true });
	await src.backup(scratch);
	src.close();

	const { benchQueries } = await import('./queries');
	log('indexes: page loads with the covering indexes');
	const withIdx = await benchQueries(scratch, runs);
	const db = new SqliteDatabase(scratch);
	for (const name of COVERING) db.exec(`drop index if exists ${name}`);
	db.close();
	log(`indexes: page loads without ${COVERING.join(', ')}`);
	const withoutIdx = await benchQueries(scratch, runs);

	const ro = new SqliteDatabase(scratch, { readonly: true });
	const year = ro.prepare("select max(year) from forms where kind = 'department' and is_current = 1").pluck().get() as number;
	const live = `f.is_current = 1 and f.shadowed_by is null and f.kind = 'department' and f.year = ${year}`;
	const variants: [string, string][] = [
		['forms.budget_wan (kept at import)', `select sum(f.budget_wan) from forms f where ${live}`],
		[
			'fund_rows (the total row, else the only row; 元 → 万元)',
			`select sum(case when f.money_unit = '元' then r.budget / 10000.0 else r.budget end) from forms f
			 join fund_rows r on r.form_id = f.id
			 and r.ord = coalesce((select max(ord) from fund_rows t where t.form_id = f.id and t.is_total = 1),
			                      (select min(ord) from fund_rows t where t.form_id = f.id))
			 where ${live}`
		],
		[
			'form_data JSON (json_extract of the funds total)',
			`select sum(case when f.money_unit = '元' then json_extract(d.data, '$.funds.total.budget') / 10000.0
			                 else json_extract(d.data, '$.funds.total.budget') end)
			 from forms f join form_data d on d.form_id = f.id where ${live}`
		]
	];
	const aggregates: IndexAblation['aggregates'] = [];
	for (const [from, sql] of variants) {
		const stmt = ro.prepare(sql).pluck();
		const budget = stmt.get() as number;
		const timing = await timeRuns(() => stmt.get(), Math.min(runs, 20), 1);
		aggregates.push({ from, timing, budget });
		log(`  Σ budget from ${from}: ${timing.p50.toFixed(1)} / ${timing.p95.toFixed(1)} ms (${budget?.toFixed(1)} 万元)`);
	}
	ro.close();
	removeDb(scratch);
	if (fs.existsSync(scratch)) fs.rmSync(scratch);
	return {
		dropped: COVERING,
		pages: withIdx.map((p) => ({
			page: p.page,
			with: p.computed,
			without: withoutIdx.find((x) => x.page === p.page)?.computed ?? p.computed
		})),
		aggregates
	};
}
