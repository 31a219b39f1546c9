/**
 * The ECharts runtime with only the parts the builders use (a third of the full bundle). Chart.svelte
 * imports this module dynamically, so it is a separate chunk fetched after the page's tables are readable.
 * A builder that starts using another series type or component must add it here: in development ECharts
 * logs "… is used but not imported", and test/unit/charts/render.test.ts fails on that log.
 */
import * as echarts from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import {
	DataZoomComponent,
	GridComponent,
	LegendComponent,
	MarkLineComponent,
	TitleComponent,
	ToolboxComponent,
	TooltipComponent,
	VisualMapComponent
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
	BarChart,
	LineChart,
	ScatterChart,
	HeatmapChart,
	GridComponent,
	TooltipComponent,
	MarkLineComponent,
	VisualMapComponent,
	DataZoomComponent,
	LegendComponent,
	TitleComponent,
	ToolboxComponent,
	CanvasRenderer
]);

export { echarts };
export type ECharts = echarts.ECharts;
