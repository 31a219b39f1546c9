import { describe, expect, it } from 'vitest';
import {
	CHART_FONT_FAMILY,
	GRADE_COLORS,
	NORMAL_COLOR,
	WARNING_COLOR,
	baseOption,
	chartTitle,
	clickedId,
	escapeHtml,
	hasData,
	idCategory,
	imageFileName,
	isBelowAlert,
	percentTick
} from '../../../src/lib/charts/common';
import type { Loose } from './helpers';

describe('chartTitle', () => {
	it('appends the filters in force, in order, and leaves out those not set', () => {
		expect(
			chartTitle('执行率排名', {
				year: 2020,
				kind: '部门整体',
				region: null,
				unit: undefined,
				blank: '  ',
				only: '仅低于预警线'
			})
		).toBe('执行率排名 · 2020 年 · 部门整体 · 仅低于预警线');
	});

	it('reads a number under 年度 as a year and any other number with its key', () => {
		expect(chartTitle('得分分布', { 年度: 2021, 预警线: 90 })).toBe('得分分布 · 2021 年 · 预警线 90');
	});

	it('is the base alone when no filter is set', () => {
		expect(chartTitle('等级分布', {})).toBe('等级分布');
	});
});

describe('imageFileName', () => {
	it('turns the title into a file name without characters file systems refuse', () => {
		expect(imageFileName('执行率排名 · 2020 年 · 部门/整体: "A"')).toBe('执行率排名_2020 年_部门_整体_ _A_');
		expect(imageFileName('   ')).toBe('图表');
	});
});

describe('baseOption', () => {
	const o = baseOption('执行率分布 · 2020 年', '另有 2 个…') as Loose;

	it('sets a CJK-capable font for every text', () => {
		expect(o.textStyle.fontFamily).toBe(CHART_FONT_FAMILY);
		expect(CHART_FONT_FAMILY).toMatch(/Noto Sans CJK SC/);
		expect(CHART_FONT_FAMILY).toMatch(/Microsoft YaHei/);
	});

	it('saves a 2× PNG named after the title, whose title names the filters', () => {
		expect(o.title.text).toBe('执行率分布 · 2020 年');
		expect(o.title.subtext).toBe('另有 2 个…');
		const save = o.toolbox.feature.saveAsImage;
		expect(save.type).toBe('png');
		expect(save.pixelRatio).toBe(2);
		expect(save.name).toBe('执行率分布_2020 年');
	});
});

describe('palette', () => {
	it('has a distinct colour per grade and keeps warning and normal apart', () => {
		const colours = Object.values(GRADE_COLORS);
		expect(Object.keys(GRADE_COLORS)).toEqual(['优', '良', '中', '差']);
		expect(new Set(colours).size).toBe(4);
		for (const c of [...colours, WARNING_COLOR, NORMAL_COLOR]) expect(c).toMatch(/^#[0-9a-f]{6}$/);
		expect(WARNING_COLOR).not.toBe(NORMAL_COLOR);
	});
});

describe('isBelowAlert', () => {
	it('uses the findings tolerance: 90% is not below a 90% line, 89.99% is', () => {
		expect(isBelowAlert(0.9, 0.9)).toBe(false);
		expect(isBelowAlert(0.3 + 0.6, 0.9)).toBe(false); // 0.8999999999999999
		expect(isBelowAlert(0.8999, 0.9)).toBe(true);
	});
});

describe('percentTick', () => {
	it('writes ticks without trailing zeros', () => {
		expect(percentTick(0.9)).toBe('90%');
		expect(percentTick(0.925)).toBe('92.5%');
		expect(percentTick(0.3 + 0.6)).toBe('90%');
		expect(percentTick(1.2)).toBe('120%');
	});
});

describe('hasData', () => {
	it('is false without series, with empty data or with only missing values', () => {
		expect(hasData(undefined)).toBe(false);
		expect(hasData({})).toBe(false);
		expect(hasData({ series: [{ type: 'bar', data: [] }, { type: 'line', data: [] }] })).toBe(false);
		expect(hasData({ series: [{ type: 'line', data: [null, null] }] })).toBe(false);
		expect(hasData({ series: [{ type: 'heatmap', data: [[0, 0, null]] }] } as Loose)).toBe(false);
	});

	it('is true as soon as one value is numeric, 0 included', () => {
		expect(hasData({ series: [{ type: 'bar', data: [] }, { type: 'bar', data: [0] }] })).toBe(true);
		expect(hasData({ series: [{ type: 'bar', data: [null, { value: 0.5, id: 3 }] }] } as Loose)).toBe(true);
		expect(hasData({ series: { type: 'scatter', data: [{ value: [10, 0.9] }] } } as Loose)).toBe(true);
	});
});

describe('clickedId', () => {
	it('reads the id of a bar, point or cell', () => {
		expect(clickedId({ componentType: 'series', data: { value: 0.5, id: 42 } })).toBe(42);
	});

	it('reads the id of a ranking axis label', () => {
		expect(clickedId({ componentType: 'yAxis', value: idCategory(7) })).toBe(7);
		expect(clickedId({ componentType: 'yAxis', value: '长沙市财政局' })).toBeNull();
	});

	it('is null for clicks on things without an id', () => {
		expect(clickedId(null)).toBeNull();
		expect(clickedId({ componentType: 'series', data: 12 })).toBeNull();
		expect(clickedId({ componentType: 'series', data: { value: 1 } })).toBeNull();
	});
});

describe('escapeHtml', () => {
	it('keeps a unit name from being read as markup', () => {
		expect(escapeHtml('<b>A&B</b>')).toBe('&lt;b&gt;A&amp;B&lt;/b&gt;');
	});
});
