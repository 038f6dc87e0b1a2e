import { test as base, expect } from "@playwright/test";

export { expect };

/**
 * Playwright's `test`, plus a report when a test fails: what every page still open shows as alerts
 * and dialogs, printed with the failure. A CI log keeps little more than the failure's own lines,
 * and "the button never changed" says nothing of the sentence the visitor was shown instead.
 */
export const test = base.extend<{ reportPagesOnFailure: void }>({
  reportPagesOnFailure: [
    async ({ browser }, use, testInfo) => {
      await use();
      if (testInfo.status === testInfo.expectedStatus) return;
      for (const context of browser.contexts()) {
        for (const page of context.pages()) {
          const shown = async (role: "alert" | "dialog" | "status") =>
            (await page.getByRole(role).allInnerTexts().catch(() => [])).map((t) => t.replace(/\s+/g, " ").trim());
          console.log(
            `[${testInfo.project.name}] ${page.url()}\n` +
              `  alerts: ${JSON.stringify(await shown("alert"))}\n` +
              `  dialogs: ${JSON.stringify(await shown("dialog"))}\n` +
              `  statuses: ${JSON.stringify(await shown("status"))}`,
          );
        }
      }
    },
    { auto: true },
  ],
});
