/** The benchmark's results, kept across runs in bench-data/results.json (each part keeps its latest). */
import fs from 'node:fs';
import path from 'node:path';
import type { CeilingResult, PerFileResult, PipelineResult, RenditionResult, StageResult } from './import';
import type { IndexAblation } from './indexes';
import type { Machine } from './lib';

export interface QueryTiming {
	p50: number;
	p95: number;
	runs: number;
}

export interface PageQueryResult {
	page: string;
	/** what the load was called with */
	request: string;
	/** the load, its caches cleared before each run: the data loading itself */
	computed: QueryTiming;
	/** the load as a reload is served: the results kept per data version */
	cached: QueryTiming;
	/** one hand-written SQL statement computing the same result (better-sqlite3) */
	sql: QueryTiming;
	/** the checks that the SQL and the load agree */
	agrees: boolean;
	note?: string;
}

export interface HttpPageResult {
	page: string;
	path: string;
	requestsPerSecond: number;
	p50: number;
	p99: number;
	errors: number;
	non2xx: number;
	bytesPerResponse: number;
	/** the server process's CPU time (user + system) over the run ÷ requests answered */
	serverCpuMsPerRequest?: number;
	/** the server's memory after this page's run (MB): peak so far, and now its own vs mapped files */
	rssAfter?: { peakMb: number; anonMb: number; fileMb: number };
}

export interface RenderResult {
	bars: number;
	firstRenderMs: number;
	/** time of a dataZoom step (scrolling the ranking) */
	zoomMs: number;
	/** a tooltip on one bar, to the next frame */
	tooltipMs: number;
	/** building the option (sorting, classes) with the app's builder */
	optionMs: number;
	page?: { path: string; firstRenderMs: number };
	browser: string;
}

export interface Results {
	machine: Machine;
	generation: Record<string, { size: number; perSecond: number; at: string }>;
	import: Record<string, { pipeline: PipelineResult; ceiling: CeilingResult; perFile: PerFileResult; at: string }>;
	stages?: StageResult & { at: string };
	renditions?: { items: RenditionResult[]; at: string };
	queries: Record<string, { pages: PageQueryResult[]; at: string }>;
	http?: { size: number; connections: number; duration: number; pages: HttpPageResult[]; peakRssMb: number; at: string };
	render?: RenderResult & { at: string };
	indexes?: IndexAblation & { size: number; at: string };
}

export function loadResults(dataDir: string): Results {
	const file = path.join(dataDir, 'results.json');
	const empty = { generation: {}, import: {}, queries: {} } as unknown as Results;
	if (!fs.existsSync(file)) return empty;
	try {
		return { ...empty, ...(JSON.parse(fs.readFileSync(file, 'utf8')) as Results) };
	} catch {
		return empty;
	}
}

export function saveResults(dataDir: string, results: Results): void {
	fs.mkdirSync(dataDir, { recursive: true });
	fs.writeFileSync(path.join(dataDir, 'results.json'), JSON.stringify(results, null, '\t'));
}
