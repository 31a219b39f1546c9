/**
 * `npm run bench`: Jixiao at province scale, measured. Not part of `npm test` (minutes, machine-dependent).
 *
 *   npm run bench                                  # 1K, 10K and 100K forms, every part, writes BENCHMARKS.md
 *   npm run bench -- --sizes 1000,10000            # a subset of sizes
 *   npm run bench -- --parts queries,http          # a subset of parts (reusing the databases of a former run)
 *   options: --workers N (parse threads, default one per core)  --runs 50  --duration 10  --connections 20
 *            --fresh (regenerate datasets)  --no-write (leave BENCHMARKS.md alone)  --data bench-data
 *
 * Datasets (JSON lines) and the imported databases stay in bench-data/ (git-ignored), so later parts and
 * later runs reuse them. Results of every run are kept in bench-data/results.json; BENCHMARKS.md shows the
 * latest result of each measurement, with its date.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDataset } from './datasets';
import { dbFile, fullCeiling, importPerFile, importPipeline, importRenditions, rawCeiling, stages } from './import';
import { log, machine, parseArgs, sizeLabel } from './lib';
import { benchHttp } from './http';
import { loadResults, saveResults, type Results } from './results';
import { printReport, writeReport } from './report';

const args = parseArgs(process.argv.slice(2));
const results: Results = loadResults(args.dataDir);
results.machine = machine();
const started = Date.now();
const loads: number[] = [];
const loadSampler = setInterval(() => loads.push(os.loadavg()[0]), 5000);
loadSampler.unref();
log(`Jixiao benchmark: sizes ${args.sizes.map(sizeLabel).join(', ')}; parts ${[...args.parts].join(', ')}`);
log(`machine: ${results.machine.cores} cores, ${results.machine.memory}, Node ${results.machine.node}, SQLite ${results.machine.sqlite}`);

const save = () => {
	saveResults(args.dataDir, results);
	if (args.write) writeReport(results);
};

for (const size of args.sizes) {
	const label = sizeLabel(size);
	const dataset = await ensureDataset(args.dataDir, size, args.fresh);
	if (dataset.generatedPerSecond !== null) results.generation[label] = { size, perSecond: dataset.generatedPerSecond, at: results.machine.date };
	const file = dbFile(args.dataDir, size);

	if (args.parts.has('import')) {
		log(`import ${label}: text pipeline (${args.workers} parsing threads: ${Math.max(1, args.workers - 1)} worker(s) and the storing thread, 200 files per transaction)`);
		const pipeline = await importPipeline(dataset.file, file, size, { workers: args.workers });
		log(
			`  ${pipeline.forms} forms, ${pipeline.indicatorRows} indicator rows in ${pipeline.seconds.toFixed(1)} s: ` +
				`${pipeline.formsPerSecond.toFixed(0)} forms/s, ${pipeline.rowsPerSecond.toFixed(0)} rows/s`
		);
		log(`import ${label}: raw ceiling, indicator rows (one prepared statement, one transaction)`);
		const ceiling = rawCeiling(file, path.join(args.dataDir, 'ceiling.sqlite'));
		log(`  ${ceiling.rows} rows in ${ceiling.seconds.toFixed(2)} s: ${ceiling.rowsPerSecond.toFixed(0)} rows/s`);
		log(`  pipeline / ceiling (indicator rows/s): ${((pipeline.rowsPerSecond / ceiling.rowsPerSecond) * 100).toFixed(1)}%`);
		log(`import ${label}: raw ceiling, every row the pipeline wrote (a prepared statement per table, one transaction)`);
		const all = fullCeiling(file, path.join(args.dataDir, 'ceiling.sqlite'));
		ceiling.all = all;
		log(
			`  ${all.rows} rows of ${all.forms} forms in ${all.seconds.toFixed(2)} s: ${all.formsPerSecond.toFixed(0)} forms/s, ${all.rowsPerSecond.toFixed(0)} rows/s ` +
				`(${Object.entries(all.tables).map(([t, n]) => `${t} ${n}`).join(', ')})`
		);
		log(`  pipeline / ceiling (forms/s, every row): ${((pipeline.formsPerSecond / all.formsPerSecond) * 100).toFixed(1)}%`);
		const sample = Math.min(size, 2000);
		log(`import ${label}: importFile, one transaction per file, first ${sample} documents`);
		const perFile = await importPerFile(dataset.file, path.join(args.dataDir, 'scratch.sqlite'), sample);
		log(`  ${perFile.formsPerSecond.toFixed(0)} forms/s`);
		results.import[label] = { pipeline, ceiling, perFile, at: results.machine.date };
		save();
	}
	if (!fs.existsSync(file)) {
		log(`no database for ${label} (${file}): run with --parts import first`);
		continue;
	}
	if (args.parts.has('queries')) {
		log(`queries ${label}: page loads vs one hand-written SQL statement (${args.runs} runs each)`);
		// imported here: it loads the routes' modules, which a half-edited route should not stop the other parts for
		const { benchQueries } = await import('./queries');
		results.queries[label] = { pages: await benchQueries(file, args.runs), at: results.machine.date };
		save();
	}
}

if (args.parts.has('indexes')) {
	const size = args.sizes[args.sizes.length - 1];
	const file = dbFile(args.dataDir, size);
	if (fs.existsSync(file)) {
		log(`indexes ${sizeLabel(size)}: covering indexes and per-form aggregates, on a copy of the database`);
		const { benchIndexes } = await import('./indexes');
		results.indexes = { size, ...(await benchIndexes(file, path.join(args.dataDir, 'ablation.sqlite'), args.runs)), at: results.machine.date };
		save();
	}
}

if (args.parts.has('http')) {
	const size = args.sizes[args.sizes.length - 1];
	const file = dbFile(args.dataDir, size);
	if (!fs.existsSync(file)) log(`http: no database for ${sizeLabel(size)}: run with --parts import first`);
	else {
		log(`http ${sizeLabel(size)}: the built server under autocannon`);
		const h = await benchHttp(file, { dataDir: args.dataDir, connections: args.connections, duration: args.duration, rebuild: args.fresh });
		results.http = { size, connections: args.connections, duration: args.duration, ...h, at: results.machine.date };
		save();
	}
}

if (args.parts.has('render')) {
	const { benchRender } = await import('./render');
	results.render = { ...(await benchRender(20_000)), at: results.machine.date };
	save();
}

if (args.parts.has('import')) {
	const smallest = args.sizes[0];
	const dataset = await ensureDataset(args.dataDir, smallest, false);
	log('import: where one document goes (one thread, 1,000 documents)');
	const s = await stages(dataset.file, path.join(args.dataDir, 'scratch.sqlite'), Math.min(1000, smallest));
	log(`  parse ${s.parseMs.toFixed(2)} ms, store ${s.storeBatchMs.toFixed(2)} ms (batch) / ${s.storePerFileMs.toFixed(2)} ms (per file)`);
	results.stages = { ...s, at: results.machine.date };
	log('import: the seed renditions (importFile)');
	results.renditions = { items: await importRenditions(path.join(args.dataDir, 'scratch.sqlite')), at: results.machine.date };
	save();
}

clearInterval(loadSampler);
results.machine.loadEnd = Number(os.loadavg()[0].toFixed(2));
if (loads.length) {
	results.machine.loadMean = Number((loads.reduce((a, b) => a + b, 0) / loads.length).toFixed(2));
	results.machine.loadMax = Number(Math.max(...loads).toFixed(2));
}
printReport(results);
save();
log(`done in ${((Date.now() - started) / 60_000).toFixed(1)} min${args.write ? '; BENCHMARKS.md written' : ''}`);
