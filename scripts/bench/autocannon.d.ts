/** The part of autocannon's API the benchmark uses (the package ships no types). */
declare module 'autocannon' {
	interface Histogram {
		average: number;
		total: number;
		p50: number;
		p99: number;
	}
	interface Result {
		requests: Histogram;
		latency: Histogram;
		throughput: Histogram;
		errors: number;
		timeouts: number;
		non2xx: number;
	}
	interface Options {
		url: string;
		connections?: number;
		duration?: number;
		headers?: Record<string, string>;
		/** a request sequence; `setupRequest` may change each request (its path, say) before it is sent */
		requests?: { setupRequest?: (req: { path?: string }) => { path?: string } }[];
	}
	function autocannon(opts: Options, cb: (err: Error | null, result: Result) => void): unknown;
	namespace autocannon {
		export type { Result };
	}
	export default autocannon;
}
