import { test as base, expect, type BrowserContext } from "@playwright/test";

export { expect };

/**
 * Playwright's `test`, plus a report when a test fails: what every page still open shows as alerts
 * and dialogs, printed with the failure. A CI log keeps little more than the failure's own lines,
 * and "the button never changed" says nothing of the sentence the visitor was shown instead.
 */
export const test = base.extend<{ reportPagesOnFailure: void; noPanics: void }>({
  /**
   * Fails a test whose pages' Rust code panicked (in every browser context it opened): a panic
   * stops the page's code, and a test checking the screen may pass without noticing.
   */
  noPanics: [
    async ({ browser, context }, use) => {
      const panics: string[] = [];
      const watch = (watched: BrowserContext) =>
        watched.on("console", (message) => {
          if (message.type() === "error" && message.text().includes("panicked at")) {
            panics.push(message.text().split("\n").slice(0, 2).join(" "));
          }
        });
      watch(context);
      const newContext = browser.newContext;
      browser.newContext = async (...options) => {
        const made = await newContext.apply(browser, options);
        watch(made);
        return made;
      };
      try {
        await use();
      } finally {
        browser.newContext = newContext;
      }
      expect(panics, "the page's code panicked").toEqual([]);
    },
    { auto: true },
  ],
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
