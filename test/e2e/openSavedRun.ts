import type { Locator, Page } from "playwright-core";

/**
 * Opens saved run `runId` in the app at `url` by its address (`#/experiments/run/ID`, as a bookmark does) and
 * returns its thought tree once it holds `nodes` nodes and has drawn a frame. Loads the page afresh each time.
 */
export async function openSavedRun(page: Page, url: string, runId: number, nodes: number): Promise<Locator> {
  await page.goto("about:blank");
  await page.goto(`${url}#/experiments/run/${runId}`);
  await page.locator(`[data-testid="run-detail"][data-run-id="${runId}"]`).waitFor({ timeout: 60_000 });
  const tree = page.getByTestId("run-detail").getByTestId("thought-tree");
  await tree.waitFor({ timeout: 60_000 });
  await tree.scrollIntoViewIfNeeded();
  await page.waitForFunction(
    ([el, n]) => {
      const d = (el as unknown as { dataset: Record<string, string | undefined> }).dataset;
      return Number(d.nodeCount) === n && Number(d.frames) > 0;
    },
    [await tree.elementHandle(), nodes] as const,
    { timeout: 60_000 },
  );
  return tree;
}
