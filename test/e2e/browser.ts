/**
 * Debian's Chromium driven by playwright-core (no browser download is possible on these machines).
 * Screenshots land in test-results/ so a person can look at what the tests saw.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const CANDIDATES = [
	process.env.CHROMIUM_PATH,
	'/usr/lib/chromium/chromium',
	'/usr/bin/chromium',
	'/usr/bin/chromium-browser'
].filter((p): p is string => Boolean(p));

export const artifacts = resolve(import.meta.dirname, '../../test-results');

export function chromiumPath(): string {
	const found = CANDIDATES.find((p) => existsSync(p));
	if (!found) {
		throw new Error(
			'Chromium not found. Install it with: apt-get install -y chromium fonts-noto-cjk (or set CHROMIUM_PATH)'
		);
	}
	return found;
}

export async function launch(): Promise<Browser> {
	return chromium.launch({
		executablePath: chromiumPath(),
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	});
}

export async function screenshot(page: Page, name: string): Promise<string> {
	mkdirSync(artifacts, { recursive: true });
	const path = resolve(artifacts, `${name}.png`);
	await page.screenshot({ path, fullPage: true });
	return path;
}
