/**
 * Province-scale check of the dashboard queries: fills a fresh database with synthetic forms by direct
 * inserts (seconds, not the hours the import pipeline would take for 10^5 documents) and prints each
 * query's time. Not a test: the numbers depend on the machine.
 *
 *   npx tsx scripts/bench-dashboard.ts [--units 16667] [--years 5] [--projects 0.2] [--runs 20] [--keep file.sqlite]
 *   npx tsx scripts/bench-dashboard.ts --reuse file.sqlite     (measure a database kept before, without refilling)
 *
 * The data: every unit has a department form each year and on average `projects` project forms per year;
 * 1% of the forms are in 元; 2% of the units were printed under a second name and merged back by hand
 * (so some forms are shadowed); ~3 findings per form. form_data holds a small JSON, not a real form.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import SqliteDatabase from 'better-sqlite3';
import { FINDING_CODES } from '../src/lib/domain/findings';
import { openDatabase } from '../src/lib/server/db';
import {
	getComparison,
	getOverview,
	getTrend,
	getUnitPage,
	getYearsMatrix
} from '../src/lib/server/repositories/dashboard';
import { clearCache } from '../src/lib/server/repositories/cache';
import { countFindingsByCode, listFindings } from '../src/lib/server/repositories/findings';
import { listCurrentForms } from '../src/lib/server/repositories/forms';
import { mergeUnits } from '../src/lib/server/repositories/merges';

function arg(name: string, fallback: number): number {
	const i = process.argv.indexOf(`--${name}`);
	return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const UNITS = arg('units', 16_667);
const YEARS = arg('years', 5);
const PROJECTS = arg('projects', 0.2);
const RUNS = arg('runs', 20);
const keepAt = process.argv.indexOf('--keep');
const KEEP = keepAt >= 0 ? process.argv[keepAt + 1] : null;
const reuseAt = process.argv.indexOf('--reuse');
const REUSE = reuseAt >= 0 ? path.resolve(process.argv[reuseAt + 1]) : null;
const FIRST_YEAR = 2020;

/** Deterministic: mulberry32. */
function rng(seed: number) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
const random = rng(20261128);
const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
const PLACES = ['长沙', '株洲', '湘潭', '衡阳', '邵阳', '岳阳', '常德', '张家界', '益阳', '郴州', '永州', '怀化', '娄底'];
const BODIES = ['财政局', '教育局', '卫生健康局', '民政局', '交通运输局', '农业农村局', '县委组织部', '县委办公室', '自然资源局', '林业局'];
const CODES = Object.keys(FINDING_CODES);

function grade(score: number): string {
	return score >= 90 ? '优' : score >= 80 ? '良' : score >= 60 ? '中' : '差';
}

async function fill(file: string): Promise<{ forms: number; merged: number[][] }> {
	const db = await openDatabase(file);
	await db.destroy();
	const raw = new SqliteDatabase(file);
	raw.pragma('journal_mode = WAL');
	raw.pragma('synchronous = OFF');
	const now = new Date().toISOString();
	const insertUnit = raw.prepare('insert into units (id, name, name_key, created_at) values (?, ?, ?, ?)');
	const insertForm = raw.prepare(`insert into forms (id, unit_id, canonical_unit_id, origin, unit_name, year, kind, project,
		version, is_current, document_id, title, money_unit, rate_formula, budget, executed, budget_wan, executed_wan,
		funds_weight, rate_printed, rate, funds_score, total_weight, total_score_printed, total_score, grade,
		indicator_count, findings_count, errors_count, warnings_count, created_at)
		values (?, ?, ?, ?, ?, ?, ?, ?, 1, 1, 1, ?, ?, 'B/A', ?, ?, ?, ?, 10, ?, ?, ?, 100, ?, ?, ?, 15, ?, ?, ?, ?)`);
	const insertData = raw.prepare('insert into form_data (form_id, data) values (?, ?)');
	const insertFinding = raw.prepare(
		'insert into findings (form_id, year, kind, ord, code, severity, message, "where") values (?, ?, ?, ?, ?, ?, ?, ?)'
	);
	const insertName = raw.prepare('insert or ignore into unit_names (unit_id, name, first_year, last_year) values (?, ?, ?, ?)');
	let formId = 0;
	const merged: number[][] = [];
	raw.transaction(() => {
		raw.prepare(
			`insert into documents (id, sha256, file_name, format, size, bytes, origin, created_at) values (1, 'bench', 'bench.txt', 'text', 0, x'', 'sample', ?)`
		).run(now);
		let unitId = 0;
		for (let u = 0; u < UNITS; u++) {
			const name = `${pick(PLACES)}市第${u}区${pick(BODIES)}`;
			const id = ++unitId;
			insertUnit.run(id, name, name, now);
			// 2%: a twin unit (another printed name) whose forms cover the later years, merged back below
			const twin = random() < 0.02 ? ++unitId : null;
			if (twin) {
				insertUnit.run(twin, `${name}（新）`, `${name}(新)`, now);
				merged.push([twin, id]);
			}
			const diligence = random() * 0.2 - 0.1;
			const budgetBase = Math.exp(4 + random() * 4);
			for (let y = 0; y < YEARS; y++) {
				const year = FIRST_YEAR + y;
				const owner = twin && y >= YEARS - 2 ? twin : id;
				const ownerName = owner === twin ? `${name}（新）` : name;
				insertName.run(owner, ownerName, year, year);
				const n = 1 + (random() < PROJECTS ? 1 : 0) + (random() < PROJECTS / 4 ? 1 : 0);
				for (let k = 0; k < n; k++) {
					const kind = k === 0 ? 'department' : 'project';
					const budget = Math.round(budgetBase * (0.5 + random()) * 100) / 100;
					const rate = Math.max(0.05, Math.min(1.15, 0.92 + diligence + (random() - 0.5) * 0.3));
					const executed = Math.round(budget * rate * 100) / 100;
					const yuan = random() < 0.01;
					const r = Math.round((executed / budget) * 10_000) / 10_000;
					const fundsScore = Math.round(10 * Math.min(r, 1) * 100) / 100;
					const score = Math.round((fundsScore + 70 + random() * 20) * 100) / 100;
					const self = random() < 0.05 ? null : Math.min(100, Math.round((score + random() * 6) * 100) / 100);
					const findings = Math.floor(random() * 7);
					const fid = ++formId;
					insertForm.run(
						fid,
						owner,
						owner,
						random() < 0.05 ? 'demo' : 'upload',
						ownerName,
						year,
						kind,
						kind === 'project' ? `项目${k}` : '',
						kind === 'project' ? '项目支出绩效自评表' : '部门整体自评表',
						yuan ? '元' : '万元',
						yuan ? budget * 10_000 : budget,
						yuan ? executed * 10_000 : executed,
						budget,
						executed,
						r,
						r,
						fundsScore,
						self,
						score,
						grade(score),
						findings,
						0,
						findings,
						now
					);
					insertData.run(fid, JSON.stringify({ unit: ownerName, year, kind, indicators: [], findings: [] }));
					for (let o = 0; o < findings; o++) {
						const code = r < 0.9 && o === 0 ? 'RATE_BELOW_ALERT' : pick(CODES);
						const c = FINDING_CODES[code as keyof typeof FINDING_CODES];
						insertFinding.run(fid, year, kind, o, code, c.severity, `${c.label}：第 ${o + 1} 条说明文字，金额 ${budget} 万元`, '资金情况/年度资金总额');
					}
				}
			}
		}
	})();
	raw.close();
	return { forms: formId, merged };
}

async function main() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jixiao-bench-'));
	const file = REUSE ?? (KEEP ? path.resolve(KEEP) : path.join(dir, 'bench.sqlite'));
	let merged: number[][] = [];
	if (!REUSE) {
		for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
		const t = performance.now();
		const filled = await fill(file);
		merged = filled.merged;
		console.log(`filled ${filled.forms} forms, ${UNITS + merged.length} units in ${((performance.now() - t) / 1000).toFixed(1)} s`);
	}
	const db = await openDatabase(file);
	if (!REUSE) {
		const t = performance.now();
		for (const [from, into] of merged) await mergeUnits(db, { from, into, by: 'bench' });
		console.log(`${merged.length} merges in ${((performance.now() - t) / 1000).toFixed(1)} s`);
	} else {
		const rows = await db.selectFrom('units').select(['id', 'merged_into']).where('merged_into', 'is not', null).execute();
		merged = rows.map((r) => [r.id, r.merged_into as number]);
	}
	const { n } = await db.selectFrom('forms').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
	console.log(`${n} forms; load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);

	const { year } = await db
		.selectFrom('forms')
		.select((eb) => eb.fn.max<number>('year').as('year'))
		.executeTakeFirstOrThrow();
	const someUnits = [1, 2, 3, 4, 5];
	const cases: [string, () => Promise<unknown>][] = [
		['getOverview department', () => getOverview(db, { kind: 'department', year })],
		['getOverview project', () => getOverview(db, { kind: 'project', year })],
		['getComparison rate p1', () => getComparison(db, { year, kind: 'department', metric: 'rate', alertLine: 0.9 })],
		['getComparison gap sort=unit', () => getComparison(db, { year, kind: 'department', metric: 'gap', sort: 'unit', alertLine: 0.9 })],
		['getComparison search', () => getComparison(db, { year, kind: 'department', metric: 'rate', search: '长沙', alertLine: 0.9 })],
		['getComparison belowOnly', () => getComparison(db, { year, kind: 'department', metric: 'rate', belowOnly: true, alertLine: 0.9 })],
		['getYearsMatrix p1', () => getYearsMatrix(db, { kind: 'department', metric: 'rate' })],
		['getYearsMatrix p100', () => getYearsMatrix(db, { kind: 'department', metric: 'score', page: 100 })],
		['getYearsMatrix search', () => getYearsMatrix(db, { kind: 'department', metric: 'rate', search: '长沙' })],
		['getTrend 5 units', () => getTrend(db, { unitIds: someUnits, kind: 'department', metric: 'rate' })],
		['getUnitPage', () => getUnitPage(db, merged[0]?.[1] ?? 1)],
		['listFindings p1', () => listFindings(db, { limit: 50 })],
		['listFindings year', () => listFindings(db, { year, limit: 50 })],
		['listFindings code+year', () => listFindings(db, { year, code: 'RATE_BELOW_ALERT', limit: 50 })],
		['listFindings search', () => listFindings(db, { year, search: '长沙', limit: 50 })],
		['countFindingsByCode year', () => countFindingsByCode(db, { year })],
		['countFindingsByCode all', () => countFindingsByCode(db)],
		['listCurrentForms p1', () => listCurrentForms(db, { year, limit: 50 })]
	];
	// cold: the result cache emptied before every run (the first load after a change of data); warm: kept
	const measure = async (run: () => Promise<unknown>, cold: boolean) => {
		const times: number[] = [];
		for (let i = 0; i < RUNS; i++) {
			if (cold) clearCache(db);
			const s = performance.now();
			await run();
			times.push(performance.now() - s);
		}
		times.sort((a, b) => a - b);
		const q = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)].toFixed(1).padStart(8);
		return `${q(0.5)} ${q(0.95)}`;
	};
	console.log(`\n${''.padEnd(30)} ${'cold p50'.padStart(8)} ${'p95'.padStart(8)} ${'warm p50'.padStart(8)} ${'p95'.padStart(8)}  (ms)`);
	for (const [name, run] of cases) {
		clearCache(db);
		await run();
		const cold = await measure(run, true);
		const warm = await measure(run, false);
		console.log(`${name.padEnd(30)} ${cold} ${warm}`);
	}
	await db.destroy();
	if (!KEEP && !REUSE) fs.rmSync(dir, { recursive: true, force: true });
	else fs.rmSync(dir, { recursive: true, force: true });
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
