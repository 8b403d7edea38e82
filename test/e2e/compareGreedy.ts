import type { Page } from "playwright-core";
import { expect } from "vitest";

/** The two embedded policies, as the Compare view's checkboxes name them. */
export const EMBEDDED_POLICIES = ["mull-policy-2m", "mull-policy-6m"] as const;

/**
 * Runs a greedy Compare of exactly the two embedded policies on `problem` and waits until it is done. The two are
 * checked before the rest are cleared: with no policy checked, the view picks two itself.
 */
export async function compareGreedy(page: Page, problem: string, timeoutMs: number): Promise<void> {
  await page.getByTestId("tab-compare").click();
  await page.getByTestId("view-compare").waitFor();
  await page.getByTestId("problem-input").first().fill(problem);
  const boxes = page.getByTestId("compare-policy");
  await expect.poll(() => boxes.count(), { timeout: 60_000 }).toBeGreaterThanOrEqual(2);
  for (const name of EMBEDDED_POLICIES)
    await page.locator(`[data-testid="compare-policy"][data-policy="${name}"]`).check();
  for (const box of await boxes.all())
    if (!(EMBEDDED_POLICIES as readonly string[]).includes((await box.getAttribute("data-policy")) ?? ""))
      await box.uncheck();
  await page.getByTestId("strategy-select").selectOption("greedy");
  await page.getByTestId("compare-run-button").click();
  await page.locator('[data-testid="compare-status"][data-status="done"]').waitFor({ timeout: timeoutMs });
}
