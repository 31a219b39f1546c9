/**
 * `jixiao demo` and `jixiao samples`: data for a newcomer to look at. Both go through the real import
 * pipeline; demo forms are marked as such (the UI says so) and can be removed with --clear.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_DEFAULTS } from '../lib/demo';
import { openDatabase } from '../lib/server/db';
import { SYSTEM_ACTOR } from '../lib/server/auth/accounts';
import { deleteDemoDataAudited } from '../lib/server/auth/audited';
import { loadDemo } from '../lib/server/services/demo';
import { importFile, type ImportStatus } from '../lib/server/services/import';

export interface CliIo {
	out: (line: string) => void;
	err: (line: string) => void;
}

export const DEMO_HELP = `  jixiao demo [--units N] [--years Y] [--seed S] [--clear] [--db <路径>]
                                        生成并导入合成的演示数据（默认 ${DEMO_DEFAULTS.units} 个单位 × ${DEMO_DEFAULTS.years} 年），
                                        页面上标为“演示数据”；--clear 先删除已有的演示数据，--units 0 只删除
  jixiao samples [--db <路径>]          导入随附的示例自评表（望城区委办 2020 及 13 份各省真实表）`;

function positiveInt(value: string | undefined, name: string, fallback: number, allowZero = false): number {
	if (value === undefined) return fallback;
	const n = Number(value);
	if (!Number.isInteger(n) || n < (allowZero ? 0 : 1)) throw new Error(`--${name} 应为${allowZero ? '非负' : '正'}整数，收到 ${value}`);
	return n;
}

export async function demoCommand(args: string[], io: CliIo): Promise<number> {
	const { values } = parseArgs({
		args,
		options: {
			units: { type: 'string' },
			years: { type: 'string' },
			seed: { type: 'string' },
			clear: { type: 'boolean', default: false },
			db: { type: 'string' }
		}
	});
	const units = positiveInt(values.units, 'units', DEMO_DEFAULTS.units, true);
	const years = positiveInt(values.years, 'years', DEMO_DEFAULTS.years);
	const seed = positiveInt(values.seed, 'seed', DEMO_DEFAULTS.seed);
	const db = await openDatabase(values.db);
	try {
		if (values.clear || units === 0) {
			const removed = await deleteDemoDataAudited(db, SYSTEM_ACTOR);
			io.out(`已删除演示数据: ${removed.forms} 份自评表，${removed.documents} 个文件`);
		}
		if (units === 0) return 0;
		const started = Date.now();
		let lastShown = 0;
		const result = await loadDemo(db, { units, years, seed }, (done, total) => {
			if (done === total || Date.now() - lastShown > 2000) {
				lastShown = Date.now();
				io.err(`  演示数据 ${done}/${total}`);
			}
		});
		const s = ((Date.now() - started) / 1000).toFixed(1);
		io.out(
			`演示数据: ${units} 个单位 × ${years} 年，共 ${result.documents} 份自评表（新导入 ${result.counts.imported}，` +
				`替换 ${result.counts.replaced}，未变化 ${result.counts.unchanged}，失败 ${result.counts.failed}），用时 ${s} 秒`
		);
		if (result.refused > 0) {
			io.out(`  其中 ${result.refused} 份故意缺少单位名称或年度（演示数据质量问题），按规则不能保存`);
		}
		for (const f of result.failures) io.err(`失败: ${f}`);
		return result.failures.length > 0 ? 1 : 0;
	} finally {
		await db.destroy();
	}
}

/** The forms that ship with Jixiao, relative to the project root. */
const SAMPLE_FILES = ['test/fixtures/wangcheng-2020.txt'];
const SAMPLE_FOLDER = 'test/fixtures/real';

/**
 * Import the bundled sample forms. Some real forms are cut short or lack a unit name and cannot be stored:
 * they are reported, and the command still succeeds, because a newcomer's start must not stop on them.
 */
export async function samplesCommand(args: string[], io: CliIo, root = process.cwd()): Promise<number> {
	const { values } = parseArgs({ args, options: { db: { type: 'string' } } });
	const files = [
		...SAMPLE_FILES.map((f) => path.join(root, f)),
		...fs
			.readdirSync(path.join(root, SAMPLE_FOLDER))
			.filter((f) => f.endsWith('.txt'))
			.sort()
			.map((f) => path.join(root, SAMPLE_FOLDER, f))
	];
	const db = await openDatabase(values.db);
	const counts: Record<ImportStatus, number> = { imported: 0, replaced: 0, unchanged: 0, failed: 0 };
	try {
		for (const file of files) {
			const outcome = await importFile(
				db,
				{ fileName: path.basename(file), bytes: fs.readFileSync(file) },
				{ origin: 'sample' }
			);
			counts[outcome.status]++;
			if (outcome.status === 'failed') io.err(`  示例未导入: ${outcome.error}`);
		}
	} finally {
		await db.destroy();
	}
	io.out(
		`示例自评表: ${files.length} 个文件（新导入 ${counts.imported}，未变化 ${counts.unchanged}，替换 ${counts.replaced}，未能导入 ${counts.failed}）`
	);
	return 0;
}
