/**
 * The dashboard's charts: pure option builders (data → EChartsOption) and, separately, Chart.svelte, which
 * loads the ECharts runtime (`./echarts`) in the browser only.
 */
export {
	ABOVE_100_COLOR,
	ALERT_LINE_COLOR,
	CHART_FONT_FAMILY,
	GRADES,
	GRADE_COLORS,
	LARGE_THRESHOLD,
	MUTED_COLOR,
	NORMAL_COLOR,
	VISIBLE_ROWS,
	WARNING_COLOR,
	chartTitle,
	gradeRange,
	clickedId,
	hasData,
	imageFileName,
	isBelowAlert,
	percentTick,
	topLayout
} from './common';
export { rateBins, rateHistogramOption } from './histogram';
export type { RateBin, RateBinning, RateHistogramInput } from './histogram';
export { gradeDistributionOption } from './grades';
export type { GradeDistributionInput } from './grades';
export { formatMetric, metricName, rankRows, rankingOption, valueExtent } from './ranking';
export type { RankingInput, RankingMetric, RankingRow } from './ranking';
export { budgetScatterOption } from './scatter';
export type { BudgetPoint, BudgetScatterInput } from './scatter';
export { heatmapOption, heatmapPieces } from './heatmap';
export type { HeatmapCell, HeatmapInput } from './heatmap';
export { trendOption, unitHistoryOption } from './trend';
export type { TrendInput, TrendSeries, UnitHistoryInput } from './trend';
export { LOST_SHARE_WARNING, level1ScoreOption } from './level1';
export type { Level1ScoreGroup, Level1ScoreInput } from './level1';
