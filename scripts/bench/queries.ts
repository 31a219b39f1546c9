/**
 * Page data loading: each page's own `load` (the +page.server.ts function SvelteKit calls, run here through
 * tsx with the `$lib` paths of tsconfig), timed computed (dashboard caches emptied first) and as served (a
 * reload), beside one hand-written SQL statement that computes the same result with better-sqlite3.
 * The SQL's result is checked against the load's, so that the comparison is of equals.
 */
import SqliteDatabase from 'better-sqlite3';
import { DEFAULT_SETTINGS } from '../../src/lib/domain/form';
import { closeDb, getDb } from '../../src/lib/server/db';
import { clearCache } from '../../src/lib/server/repositories/cache';
import { rateBinLayout } from '../../src/lib/charts/bins';
import { load as loadOverview } from '../../src/routes/+page.server';
import { load as loadCompare } from '../../src/routes/compare/+page.server';
import { load as loadUnit } from '../../src/routes/units/[id]/+page.server';
import { load as loadYears } from '../../src/routes/years/+page.server';
import { benchUnit, log, timeRuns } from './lib';
import type { PageQueryResult } from './results';

type AnyLoad = (event: never) => unknown;

const LIVE = 'is_current = 1 and shadowed_by is null';

/** Round as the dashboard does (domain/rates round: half away from zero at `digits`). */
function r(v: number | null, digits: number): number | null {
	return v === null ? null : Number(Math.round(Number(`${v}e${digits}`)) + `e-${digits}`);
}

// ─────────────────────────────── the hand-written statements (kind = department, the pages' defaults)

/** The histogram bin of a rate: the chart's layout for the alert line (src/lib/charts/bins.ts), as SQL. */
function binCase(alertLine: number): string {
	const layout = rateBinLayout(alertLine);
	const whens = [`when abs(rate - 1) <= 1e-9 then ${layout.exact}`];
	if (layout.aboveAlert !== null) whens.push(`when rate >= ${layout.aboveAlertFrom} then ${layout.aboveAlert}`);
	whens.push(`when rate > 1 then ${layout.exact + 1}`);
	for (let i = layout.lowerBounds.length - 1; i >= 0; i--) whens.push(`when rate >= ${layout.lowerBounds[i]} then ${i + 1}`);
	return `case ${whens.join(' ')} else 0 end`;
}

const overviewSql = (alertLine: number) => `
with y as (select max(year) as year from forms where ${LIVE} and kind = :kind),
live as (
	select id, canonical_unit_id, project, rate, budget_wan, executed_wan, total_score_printed, total_score, grade, origin
	from forms where ${LIVE} and kind = :kind and year = (select year from y)
),
alert as (select coalesce((select cast(value as real) from settings where key = 'alertLine'), :defaultAlert) as line),
rated as (select count(rate) as n from live)
select
	(select year from y) as year,
	(select json_group_array(year) from (select distinct year from forms where ${LIVE} and kind = :kind order by year desc)) as years,
	(select line from alert) as alertLine,
	count(*) as forms,
	count(distinct canonical_unit_id) as units,
	sum(origin = 'demo') as demo,
	sum(budget_wan) as budget,
	sum(executed_wan) as executed,
	sum(case when rate is not null and budget_wan > 0 then rate * budget_wan end) as rateBudget,
	sum(case when rate is not null and budget_wan > 0 then budget_wan end) as rateBase,
	avg(total_score_printed) as avgSelf,
	avg(total_score) as avgScore,
	sum(grade = '优') as g1, sum(grade = '良') as g2, sum(grade = '中') as g3, sum(grade = '差') as g4, sum(grade is null) as g0,
	(select json_group_array(json_array(bin, n)) from (
		select ${binCase(alertLine)} as bin, count(*) as n from live where rate is not null group by bin)) as bins,
	(select avg(rate) from (select rate from live where rate is not null order by rate
		limit 2 - (select n from rated) % 2 offset ((select n from rated) - 1) / 2)) as median,
	(select count(*) from live where rate < (select line from alert) - 1e-9) as belowTotal,
	(select json_group_array(json_array(l.id, l.canonical_unit_id, u.name, l.project, l.rate, l.budget_wan, l.origin))
		from (select * from live where rate < (select line from alert) - 1e-9 order by rate, id limit 20) l
		join units u on u.id = l.canonical_unit_id) as below,
	(select json_group_array(json_array(code, severity, n, forms)) from (
		select code, severity, count(*) as n, count(distinct form_id) as forms from findings
		where kind = :kind and year = (select year from y)
			and form_id not in (select id from forms where kind = :kind and year = (select year from y) and (is_current = 0 or shadowed_by is not null))
		group by code, severity order by n desc, code limit 10)) as top
from live`;

const COMPARE_SQL = `
with y as (select max(year) as year from forms where is_current = 1 and kind = :kind),
m as (
	select f.id as formId, f.canonical_unit_id as unitId, u.name as unit, f.project, f.rate as value, f.budget_wan as budgetWan,
		f.executed_wan as executedWan, f.rate, f.total_score_printed as self, f.total_score as score, f.grade,
		f.findings_count as findingsCount, f.origin
	from forms f join units u on u.id = f.canonical_unit_id
	where f.is_current = 1 and f.shadowed_by is null and f.kind = :kind and f.year = (select year from y)
)
select
	(select year from y) as year,
	(select json_group_array(year) from (select distinct year from forms where is_current = 1 and kind = :kind order by year desc)) as years,
	(select count(*) from m) as total,
	(select json_group_array(json_array(formId, unitId, unit, project, budgetWan, executedWan, rate, self, score, grade, findingsCount, origin))
		from (select * from m order by value is null, value, unit, project, formId limit :pageSize)) as page`;

const YEARS_SQL = `
with live as (
	select canonical_unit_id as unitId, year, rate, budget_wan from forms where ${LIVE} and kind = :kind
),
us as (
	select id, name from units where merged_into is null
		and exists (select 1 from forms f where f.canonical_unit_id = units.id and f.kind = :kind and f.is_current = 1 and f.shadowed_by is null)
),
pg as (select id, name from us order by name, id limit :pageSize)
select
	(select json_group_array(year) from (select distinct year from live order by year)) as years,
	(select count(*) from us) as totalUnits,
	(select json_group_array(json_array(id, name)) from pg) as units,
	(select json_group_array(json_array(unitId, year, value)) from (
		select unitId, year,
			coalesce(sum(case when rate is not null and budget_wan > 0 then rate * budget_wan end)
				/ sum(case when rate is not null and budget_wan > 0 then budget_wan end), avg(rate)) as value
		from live where unitId in (select id from pg) group by unitId, year order by unitId, year)) as cells,
	(select json_group_array(json_array(unitId, name, fromYear, toYear, fromValue, toValue)) from (
		select a.canonical_unit_id as unitId, u.name, a.year as fromYear, b.year as toYear, a.rate as fromValue, b.rate as toValue
		from forms a
		join forms b on b.kind = a.kind and b.canonical_unit_id = a.canonical_unit_id and b.year = a.year + 1
			and b.is_current = 1 and b.shadowed_by is null
		join units u on u.id = a.canonical_unit_id
		where a.kind = :kind and a.is_current = 1 and a.shadowed_by is null and b.rate < a.rate
		order by b.rate - a.rate, u.name, b.canonical_unit_id, b.year limit 20)) as drops`;

const UNIT_SQL = `
with recursive fam(id) as (select :id union select u.id from units u join fam on u.merged_into = fam.id),
fs as (
	select id, kind, year, project, unit_id, unit_name, budget_wan, executed_wan, rate, total_score_printed, total_score,
		grade, findings_count, errors_count, origin, shadowed_by
	from forms where canonical_unit_id = :id and is_current = 1
),
dep as (select id from fs where kind = 'department' and shadowed_by is null order by year desc limit 1)
select
	(select json_array(id, name) from units where id = :id) as unit,
	(select json_group_array(json_array(name, first_year, last_year, unit_id)) from (
		select * from unit_names where unit_id in (select id from fam) order by first_year, last_year, name)) as names,
	(select json_group_array(json_array(m.id, m.from_unit_id, m.into_unit_id, m.undone_at)) from unit_merges m
		where m.from_unit_id in (select id from fam) or m.into_unit_id in (select id from fam)) as merges,
	(select json_group_array(json_array(id, kind, year, project, unit_id, unit_name, budget_wan, executed_wan, rate,
		total_score_printed, total_score, grade, findings_count, errors_count, origin, shadowed_by))
		from (select * from fs order by year, kind, project)) as forms,
	(select json_array(f.id, u.name, d.file_name, d.format, d.size, fd.data)
		from forms f join units u on u.id = f.unit_id join documents d on d.id = f.document_id join form_data fd on fd.form_id = f.id
		where f.id = (select id from dep)) as department,
	(select json_group_array(json_array(v.id, v.version, v.is_current, d.file_name)) from (
		select o.* from forms o join forms t on t.unit_id = o.unit_id and t.year = o.year and t.kind = o.kind and t.project = o.project
		where t.id = (select id from dep) order by o.version desc) v join documents d on d.id = v.document_id) as versions,
	(select cast(value as real) from settings where key = 'alertLine') as alertLine`;

// ─────────────────────────────── the pages

interface PageBench {
	page: string;
	request: string;
	/** the load's result */
	load: () => Promise<unknown>;
	/** the SQL's result, shaped like the parts of the load's result that `agree` compares */
	sql: () => unknown;
	agree: (fromLoad: unknown, fromSql: unknown) => boolean;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function event(path: string, params: Record<string, string> = {}): never {
	return {
		url: new URL(`http://127.0.0.1${path}`),
		params,
		locals: { user: { id: 0, username: 'bench', role: 'analyst' }, scope: { role: 'analyst', unitId: null } }
	} as never;
}

function pages(sqlite: SqliteDatabase.Database, unitId: number): PageBench[] {
	const kind = 'department';
	const pageSize = 50;
	// the alert line decides the bins: read it as the page does (the statement reads it again itself)
	const alertLine =
		(sqlite.prepare(`select cast(value as real) as v from settings where key = 'alertLine'`).get() as { v: number } | undefined)?.v ??
		DEFAULT_SETTINGS.alertLine;
	const overview = sqlite.prepare(overviewSql(alertLine));
	const compare = sqlite.prepare(COMPARE_SQL);
	const years = sqlite.prepare(YEARS_SQL);
	const unit = sqlite.prepare(UNIT_SQL);
	return [
		{
			page: 'overview',
			request: '/',
			load: async () => ((await (loadOverview as AnyLoad)(event('/'))) as { overview: unknown }).overview,
			sql: () => {
				const row = overview.get({ kind, defaultAlert: DEFAULT_SETTINGS.alertLine }) as Record<string, unknown>;
				const bins = rateBinLayout(alertLine).binning.bins;
				for (const [bin, n] of JSON.parse(row.bins as string) as [number, number][]) bins[bin].count = n;
				const rateBase = row.rateBase as number | null;
				return {
					year: row.year,
					years: JSON.parse(row.years as string),
					unitsCount: row.units,
					formsCount: row.forms,
					weightedRate: rateBase ? r((row.rateBudget as number) / rateBase, 4) : null,
					medianRate: r(row.median as number | null, 4),
					avgScore: r(row.avgScore as number | null, 2),
					grades: { 优: row.g1, 良: row.g2, 中: row.g3, 差: row.g4, none: row.g0 },
					bins,
					belowTotal: row.belowTotal,
					below: (JSON.parse(row.below as string) as unknown[][]).map((b) => b[0]),
					top: (JSON.parse(row.top as string) as unknown[][]).map((t) => [t[0], t[2], t[3]])
				};
			},
			agree: (l, s) => {
				const o = l as {
					year: number;
					years: number[];
					unitsCount: number;
					formsCount: number;
					weightedRate: number | null;
					medianRate: number | null;
					avgScore: number | null;
					grades: unknown;
					rateHistogram: { bins: unknown };
					belowAlert: { total: number; rows: { formId: number }[] };
					topFindings: { code: string; count: number; forms: number }[];
				};
				return same(s, {
					year: o.year,
					years: o.years,
					unitsCount: o.unitsCount,
					formsCount: o.formsCount,
					weightedRate: o.weightedRate,
					medianRate: o.medianRate,
					avgScore: o.avgScore,
					grades: o.grades,
					bins: o.rateHistogram.bins,
					belowTotal: o.belowAlert.total,
					below: o.belowAlert.rows.map((b) => b.formId),
					top: o.topFindings.map((t) => [t.code, t.count, t.forms])
				});
			}
		},
		{
			page: 'compare',
			request: '/compare',
			load: () => (loadCompare as AnyLoad)(event('/compare')) as Promise<unknown>,
			sql: () => {
				const row = compare.get({ kind, pageSize }) as Record<string, string | number>;
				return {
					year: row.year,
					years: JSON.parse(row.years as string),
					total: row.total,
					page: (JSON.parse(row.page as string) as unknown[][]).map((p) => [p[0], p[2], p[6]])
				};
			},
			agree: (l, s) => {
				const d = l as {
					year: number;
					years: number[];
					comparison: {
						total: number;
						rows: { formId: number; unit: string; rate: number | null }[];
					};
				};
				return same(s, {
					year: d.year,
					years: d.years,
					total: d.comparison.total,
					page: d.comparison.rows.map((p) => [p.formId, p.unit, p.rate])
				});
			}
		},
		{
			page: 'years',
			request: '/years',
			load: () => (loadYears as AnyLoad)(event('/years')) as Promise<unknown>,
			sql: () => {
				const row = years.get({ kind, pageSize }) as Record<string, string | number>;
				return {
					years: JSON.parse(row.years as string),
					totalUnits: row.totalUnits,
					units: (JSON.parse(row.units as string) as unknown[][]).map((u) => u[0]),
					cells: (JSON.parse(row.cells as string) as [number, number, number | null][]).map(([u, y, v]) => [u, y, r(v, 4)]),
					drops: (JSON.parse(row.drops as string) as unknown[][]).map((d) => [d[0], d[2], d[3], r(d[4] as number, 4), r(d[5] as number, 4)])
				};
			},
			agree: (l, s) => {
				const m = (
					l as {
						matrix: {
							years: number[];
							totalUnits: number;
							units: { unitId: number }[];
							cells: { unitId: number; year: number; value: number | null }[];
							drops: { unitId: number; fromYear: number; toYear: number; from: number; to: number }[];
						};
					}
				).matrix;
				return same(s, {
					years: m.years,
					totalUnits: m.totalUnits,
					units: m.units.map((u) => u.unitId),
					cells: m.cells.map((c) => [c.unitId, c.year, c.value]),
					drops: m.drops.map((d) => [d.unitId, d.fromYear, d.toYear, d.from, d.to])
				});
			}
		},
		{
			page: 'unit',
			request: `/units/${unitId}`,
			load: () => (loadUnit as AnyLoad)(event(`/units/${unitId}`, { id: String(unitId) })) as Promise<unknown>,
			sql: () => {
				const row = unit.get({ id: unitId }) as Record<string, string | null>;
				const forms = JSON.parse(row.forms as string) as unknown[][];
				const dep = row.department ? (JSON.parse(row.department) as unknown[]) : null;
				const form = dep ? (JSON.parse(dep[5] as string) as { indicators: unknown[] }) : null;
				return {
					unit: JSON.parse(row.unit as string)[0],
					names: (JSON.parse(row.names as string) as unknown[][]).map((n) => n[0]),
					forms: forms.filter((f) => f[15] === null).map((f) => f[0]),
					department: dep ? [dep[0], form?.indicators.length] : null,
					versions: (JSON.parse(row.versions as string) as unknown[][]).map((v) => v[0])
				};
			},
			agree: (l, s) => {
				const u = (
					l as {
						unitPage: {
							unit: { id: number; names: { name: string }[] };
							years: { department: { formId: number } | null; projects: { formId: number }[] }[];
							department: { id: number; form: { indicators: unknown[] }; versions: { id: number }[] } | null;
						};
					}
				).unitPage;
				return same(s, {
					unit: u.unit.id,
					names: u.unit.names.map((n) => n.name),
					forms: u.years.flatMap((y) => [...(y.department ? [y.department.formId] : []), ...y.projects.map((p) => p.formId)]),
					department: u.department ? [u.department.id, u.department.form.indicators.length] : null,
					versions: u.department ? u.department.versions.map((v) => v.id) : []
				});
			}
		}
	];
}

export async function benchQueries(file: string, runs: number): Promise<PageQueryResult[]> {
	await closeDb();
	process.env.DATABASE_URL = file;
	const db = await getDb();
	const sqlite = new SqliteDatabase(file, { readonly: true });
	const out: PageQueryResult[] = [];
	try {
		for (const p of pages(sqlite, benchUnit(sqlite))) {
			clearCache(db);
			const agrees = p.agree(await p.load(), p.sql());
			const computed = await timeRuns(async () => {
				clearCache(db);
				await p.load();
			}, runs);
			const cached = await timeRuns(() => p.load(), runs);
			const sql = await timeRuns(() => p.sql(), runs);
			out.push({ page: p.page, request: p.request, computed, cached, sql, agrees });
			log(
				`  ${p.page.padEnd(8)} load ${computed.p50.toFixed(1)} / ${computed.p95.toFixed(1)} ms, as served ` +
					`${cached.p50.toFixed(2)} / ${cached.p95.toFixed(2)} ms, SQL ${sql.p50.toFixed(1)} / ${sql.p95.toFixed(1)} ms` +
					`${agrees ? '' : ' — RESULTS DIFFER'}`
			);
		}
	} finally {
		sqlite.close();
		await closeDb();
	}
	return out;
}
