import { expect, test } from "@playwright/test";
import { downloadGallery, hydrated } from "./helpers";

test("a main client gives their email, then the PIN, and the ZIP downloads", async ({ page, request }) => {
  const made = await downloadGallery(request, ["demo/ladybird.jpg", "demo/aqua.jpg"], { pin: true, emailTracking: true });
  await page.goto(made.mainClientLink);
  await expect(page).toHaveURL(new RegExp(`${made.mainClientLink}$`));
  await hydrated(page);

  await page.getByText("Download", { exact: true }).first().click();
  await page.getByLabel("HD · 1920 px").check();
  await page.getByRole("button", { name: "Download All photos" }).click();

  const emailDialog = page.getByRole("dialog", { name: "Your email" });
  await expect(emailDialog).toBeVisible();
  // The browser accepts it; the server does not, and says why.
  await emailDialog.getByLabel("Email address").fill("anna@localhost");
  await emailDialog.getByRole("button", { name: "Continue" }).click();
  await expect(emailDialog.getByRole("alert")).toContainText("name@example.com");
  await emailDialog.getByLabel("Email address").fill("anna@couple.example");
  await emailDialog.getByRole("button", { name: "Continue" }).click();

  const pinDialog = page.getByRole("dialog", { name: "Download PIN" });
  await expect(pinDialog).toBeVisible();
  await pinDialog.getByLabel("PIN").fill(made.pin === "0000" ? "1111" : "0000");
  await pinDialog.getByRole("button", { name: "Continue" }).click();
  await expect(pinDialog.getByRole("alert")).toContainText("not right");
  await pinDialog.getByLabel("PIN").fill(made.pin!);
  const download = page.waitForEvent("download");
  await pinDialog.getByRole("button", { name: "Continue" }).click();
  expect((await download).suggestedFilename()).toBe(`${made.slug}-all-hd.zip`);
  await expect(pinDialog).toBeHidden();
});

test("in set download mode the menu lists the enabled sets instead of Download all", async ({ page, request }) => {
  const made = await downloadGallery(request, ["demo/ladybird.jpg", "demo/aqua.jpg"], {
    sets: ["Portraits", "Party"],
    downloadSets: ["Portraits"],
  });
  await page.goto(made.mainClientLink);
  await hydrated(page);
  await page.getByText("Download", { exact: true }).first().click();
  await expect(page.getByText("Downloads are open for these sets:")).toBeVisible();
  await expect(page.getByRole("button", { name: "Download Portraits" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Download Party" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: "Download All photos" })).toHaveCount(0);
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download Portraits" }).click();
  expect((await download).suggestedFilename()).toBe(`${made.slug}-Portraits-original.zip`);
});

test("main clients see the shared high-res allowance go down, and counted photos are free again", async ({ page, request }) => {
  const made = await downloadGallery(request, ["demo/ladybird.jpg", "demo/aqua.jpg"], { quota: 2 });
  await page.goto(made.mainClientLink);
  await hydrated(page);
  const badge = page.locator(".quota-badge");
  await expect(badge).toHaveText("2 of 2 free high-res downloads left");

  await page.goto(`/g/${made.slug}?image=${made.images[0]}`);
  await hydrated(page);
  const lightbox = page.getByRole("dialog");
  await lightbox.getByText("Download", { exact: true }).click();
  const download = page.waitForEvent("download");
  await lightbox.getByRole("button", { name: "Original" }).click();
  expect((await download).suggestedFilename()).toBe("ladybird.jpg");
  await expect(badge).toHaveText("1 of 2 free high-res downloads left");
  await lightbox.getByText("Download", { exact: true }).click();
  await expect(lightbox.getByText("Free to download again")).toBeVisible();
});
