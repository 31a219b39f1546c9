import { createHash } from 'node:crypto';
import SqliteDatabase from 'better-sqlite3';
import { openDatabase } from '../../src/lib/server/db';
import { parseForImport, type ParsedForm } from '../../src/lib/server/services/parse';
import { formAggregates, projectKey } from '../../src/lib/server/repositories/forms';
import { unitNameKey } from '../../src/lib/server/repositories/units';
import { DEFAULT_SETTINGS } from '../../src/lib/domain/form';
import { readDataset } from './datasets';
import { removeDb } from './lib';
const [file, limitArg = '2000', noTriggers] = process.argv.slice(2);
const docs: { fileName: string; bytes: Uint8Array; forms: ParsedForm[] }[] = [];
for await (const d of readDataset(file, Number(limitArg))) {
	try { const forms = await parseForImport(d.bytes, d.fileName, DEFAULT_SETTINGS); if (forms.every((f) => f.form.unit && f.form.year)) docs.push({ ...d, forms }); } catch {}
}
const dbFile = '/tmp/bx/raw.sqlite';
removeDb(dbFile);
await (await openDatabase(dbFile)).destroy();
const db = new SqliteDatabase(dbFile);
db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL'); db.pragma('foreign_keys = ON');
if (noTriggers) for (const { name } of db.prepare("select name from sqlite_master where type='trigger'").all() as { name: string }[]) db.exec(`drop trigger ${name}`);
const q = {
	doc: db.prepare('insert into documents (sha256, file_name, format, size, bytes, created_at, origin) values (?,?,?,?,?,?,?) returning id'),
	imp: db.prepare("insert into imports (started_at, finished_at, status, file_name, sha256, document_id, forms_count) values (?,?,'ok',?,?,?,?) returning id"),
	unitSel: db.prepare('select * from units where name_key = ?'),
	unitIns: db.prepare('insert into units (name, name_key, created_at) values (?,?,?) returning *'),
	cur: db.prepare('select id, version, is_current from forms where unit_id = ? and year = ? and kind = ? and project = ?'),
	form: db.prepare(`insert into forms (unit_id, canonical_unit_id, origin, unit_name, year, kind, project, version, is_current, document_id, import_id, title, supervisor, money_unit, rate_formula, budget, executed, transfer, initial_budget, budget_wan, executed_wan, funds_weight, rate_printed, rate, funds_score_printed, funds_score, total_weight, total_score_printed, total_score, grade, indicator_count, findings_count, errors_count, warnings_count, created_at) values (?,?,?,?,?,?,?,?,1,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) returning id`),
	data: db.prepare('insert into form_data (form_id, data, reader_notes) values (?,?,?)'),
	fund: db.prepare('insert into fund_rows (form_id, ord, is_total, source, initial_budget, budget, executed, transfer, weight, rate_printed, score_printed) values (?,?,?,?,?,?,?,?,?,?,?)'),
	ind: db.prepare('insert into indicators (form_id, ord, level1, level2, level3, content, nature, target_value, actual_value, weight, score, reason, measure, "where") values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)'),
	fin: db.prepare('insert into findings (form_id, year, kind, ord, code, severity, message, "where") values (?,?,?,?,?,?,?,?)'),
	names: db.prepare('insert into unit_names (unit_id, name, first_year, last_year) values (?,?,?,?) on conflict (unit_id, name) do update set first_year = min(first_year, excluded.first_year), last_year = max(last_year, excluded.last_year)'),
	sha: db.prepare('select id from documents where sha256 = ?')
};
const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
const t = cpu();
const store = db.transaction((batch: typeof docs) => {
	for (const d of batch) {
		const at = new Date().toISOString();
		const sha = createHash('sha256').update(d.bytes).digest('hex');
		q.sha.get(sha);
		const { id: docId } = q.doc.get(sha, d.fileName, 'text', d.bytes.byteLength, Buffer.from(d.bytes), at, 'demo') as { id: number };
		const { id: impId } = q.imp.get(at, at, d.fileName, sha, docId, d.forms.length) as { id: number };
		for (const { form, readerNotes } of d.forms) {
			const name = form.unit!.trim();
			let unit = q.unitSel.get(unitNameKey(name)) as { id: number } | undefined;
			unit ??= q.unitIns.get(name, unitNameKey(name), at) as { id: number };
			q.cur.all(unit.id, form.year, form.kind, projectKey(form));
			const a = formAggregates(form);
			const { id } = q.form.get(unit.id, unit.id, 'demo', name, form.year, form.kind, projectKey(form), 1, docId, impId, a.title, a.supervisor, a.money_unit, a.rate_formula, a.budget, a.executed, a.transfer, a.initial_budget, a.budget_wan, a.executed_wan, a.funds_weight, a.rate_printed, a.rate, a.funds_score_printed, a.funds_score, a.total_weight, a.total_score_printed, a.total_score, a.grade, a.indicator_count, a.findings_count, a.errors_count, a.warnings_count, at) as { id: number };
			q.data.run(id, JSON.stringify(form), JSON.stringify(readerNotes));
			const rows = form.funds.total ? [...form.funds.rows, form.funds.total] : form.funds.rows;
			rows.forEach((r, ord) => q.fund.run(id, ord, r === form.funds.total ? 1 : 0, r.source, r.initialBudget, r.budget, r.executed, r.transfer, r.weight, r.ratePrinted, r.scorePrinted));
			form.indicators.forEach((x, ord) => q.ind.run(id, ord, x.level1, x.level2, x.level3, x.content, x.nature ?? null, x.targetValue, x.actualValue, x.weight, x.score, x.reason, x.measure, x.where ?? null));
			form.findings.forEach((f, ord) => q.fin.run(id, form.year, form.kind, ord, f.code, f.severity, f.message, f.where ?? null));
			q.names.run(unit.id, name, form.year, form.year);
		}
	}
});
for (let i = 0; i < docs.length; i += 200) store(docs.slice(i, i + 200));
console.log(`raw store ${noTriggers ? '(no triggers) ' : ''}${((cpu() - t) / docs.length).toFixed(3)} ms/doc cpu (${docs.length} docs)`);
