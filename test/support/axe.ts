// axe-core in a real Chromium: the serious and critical violations of a page as it is now.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AxeResults, ImpactValue } from 'axe-core';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const BLOCKING: readonly ImpactValue[] = ['serious', 'critical'];

/**
 * axe-core's serious and critical violations on `page` as it is now, one readable paragraph each. `alsoRules`
 * turns on rules axe leaves off by default: `target-size` (WCAG 2.2's 24 px touch targets) for a phone.
 */
export async function blockingViolations(page: Page, alsoRules: readonly string[] = []): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    // The page's Content-Security-Policy refuses inline scripts: axe comes as a script of the page's own origin.
    await page.route('**/test-only/axe.min.js', (route) => route.fulfill({ body: AXE_SOURCE, contentType: 'text/javascript' }));
    await page.addScriptTag({ url: '/test-only/axe.min.js' });
  }
  const results = await page.evaluate(
    (alsoRules) =>
      (window as unknown as { axe: { run(context: Document, options: object): Promise<AxeResults> } }).axe.run(document, {
        resultTypes: ['violations'],
        rules: Object.fromEntries(alsoRules.map((rule) => [rule, { enabled: true }])),
      }),
    alsoRules,
  );
  return results.violations
    .filter((violation) => BLOCKING.includes(violation.impact ?? null))
    .map((violation) =>
      [
        `${violation.id} (${violation.impact}): ${violation.help} ${violation.helpUrl}`,
        ...violation.nodes.map((node) => `  at ${JSON.stringify(node.target)}: ${node.html}\n    ${(node.failureSummary ?? '').replace(/\n/g, '\n    ')}`),
      ].join('\n'),
    );
}
