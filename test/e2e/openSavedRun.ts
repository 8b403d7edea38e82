import type { Locator, Page } from "playwright-core";

/**
 * Opens saved run `runId` in the app at `url` the way a person does (the Experiments view's run list, Open) and
 * returns its thought tree once it holds `nodes` nodes and has drawn a frame. Loads the page afresh, so a run saved
 * into the store after the page was opened is listed.
 */
export async function openSavedRun(page: Page, url: string, runId: number, nodes: number): Promise<Locator> {
  await page.goto(url);
  await page.getByTestId("tab-experiments").click();
  await page.getByTestId("view-experiments").waitFor();
  await page.locator(`[data-testid="run-row"][data-run-id="${runId}"]`).getByTestId("run-open").click();
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
