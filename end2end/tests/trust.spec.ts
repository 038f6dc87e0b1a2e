import { expect, test } from "./fixtures";
import { DESKTOP_ONLY, downloadGallery, emailedPath, hydrated, meetsWcag, publishedGallery, signUp, unique } from "./helpers";

test("the public link switch opens and closes the gallery's address to guests", async ({ page, browser }) => {
  const slug = await publishedGallery(page.request, ["demo/aqua.jpg"], { publicLink: false });
  const galleries = await (await page.request.post("/api/galleries/list", {})).json();
  const gallery: string = galleries.find((g: any) => g.slug === slug).id;
  const guestContext = await browser.newContext();
  const guest = await guestContext.newPage();
  await guest.goto(`/g/${slug}`);
  await expect(guest.getByRole("heading", { name: "Gallery not found" })).toBeVisible();

  await page.goto(`/studio/galleries/${gallery}?tab=invite`);
  await hydrated(page);
  const toggle = page.getByLabel("Anyone with the gallery address can view as a guest");
  await expect(toggle).not.toBeChecked();
  await expect(page.getByText(`/g/${slug} answers "not found" to everyone else`)).toBeVisible();
  await toggle.check();
  await expect(page.getByText("Revoking a link below takes away that link's role and sets")).toBeVisible();
  await expect.poll(async () => (await guest.goto(`/g/${slug}`))?.status()).toBe(200);
  await expect(guest.locator(".grid .tile")).toHaveCount(1);

  await toggle.uncheck();
  await expect(page.getByText(`/g/${slug} answers "not found" to everyone else`)).toBeVisible();
  await expect.poll(async () => (await guest.goto(`/g/${slug}`))?.status()).toBe(404);
  await expect(guest.getByRole("heading", { name: "Gallery not found" })).toBeVisible();
  await guestContext.close();
});

test("a photographer resets a forgotten password by the emailed link", DESKTOP_ONLY, async ({ page, browser }) => {
  const email = `reset-${unique()}@example.com`;
  const other = await browser.newContext();
  await signUp(other.request, email);
  await page.goto("/signin");
  await hydrated(page);
  await page.getByRole("link", { name: "Forgot your password?" }).click();
  await hydrated(page);
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Email me a link" }).click();
  await expect(page.getByRole("heading", { name: "Check your inbox" })).toBeVisible();

  await page.goto(await emailedPath(email, "/reset/"));
  await hydrated(page);
  await expect(page.getByText(`For the studio that signs in as ${email}`)).toBeVisible();
  await page.getByLabel("New password").fill("a brand new password");
  await page.getByRole("button", { name: "Save and sign in" }).click();
  await expect(page).toHaveURL(/\/studio$/);
  // Every other session of the studio has ended.
  const me = await (await other.request.post("/api/auth/me", {})).json();
  expect(me).toBeNull();
  await other.close();
  // The link worked once.
  const path = await emailedPath(email, "/reset/");
  await page.goto(path);
  await expect(page.getByText("This link was already used or has expired")).toBeVisible();
});

test("a client continues with her selects on another device through the emailed sign-in link", async ({ browser, request }) => {
  const made = await downloadGallery(request, ["demo/ladybird.jpg", "demo/aqua.jpg"]);
  const email = `anna-${unique()}@couple.example`;
  const laptopContext = await browser.newContext();
  const laptop = await laptopContext.newPage();
  await laptop.goto(made.mainClientLink);
  await hydrated(laptop);
  await laptop.locator(".grid .tile").nth(1).getByRole("button", { name: /^Star .* in Favourites$/, pressed: false }).click();
  const emailDialog = laptop.getByRole("dialog", { name: "Your email" });
  await emailDialog.getByLabel("Email address").fill(email);
  await emailDialog.getByRole("button", { name: "Continue" }).click();
  await expect(laptop.locator(".grid .tile").nth(1).getByRole("button", { name: /^Star .* in Favourites$/, pressed: true })).toBeVisible();

  // Her phone: the same link, the same address — her selects stay hers until the link is opened.
  const phoneContext = await browser.newContext();
  const phone = await phoneContext.newPage();
  await phone.goto(made.mainClientLink);
  await hydrated(phone);
  await phone.locator(".grid .tile").nth(0).getByRole("button", { name: /^Star .* in Favourites$/, pressed: false }).click();
  const phoneEmail = phone.getByRole("dialog", { name: "Your email" });
  await phoneEmail.getByLabel("Email address").fill(email);
  await phoneEmail.getByRole("button", { name: "Continue" }).click();
  const check = phone.getByRole("dialog", { name: "Check your email" });
  await expect(check).toBeVisible();
  await meetsWcag(phone, "sign-in link notice");
  await expect(phone.getByTestId("selects-total")).toHaveText("0");

  await phone.goto(await emailedPath(email, "/join/"));
  await hydrated(phone);
  await phone.getByRole("button", { name: "Continue" }).click();
  await expect(phone).toHaveURL(new RegExp(`${made.mainClientLink}$`));
  await hydrated(phone);
  await expect(phone.locator(".grid .tile").nth(1).getByRole("button", { name: /^Star .* in Favourites$/, pressed: true })).toBeVisible();
  await phone.locator(".grid .tile").nth(0).getByRole("button", { name: /^Star .* in Favourites$/, pressed: false }).click();
  await expect(phone.getByTestId("selects-total")).toHaveText("2");
  await laptopContext.close();
  await phoneContext.close();
});

test("a page on another site cannot swap a client's link: she is asked, and keeps hers or takes the new one", async ({ page, request }) => {
  const made = await downloadGallery(request, ["demo/aqua.jpg"]);
  const made2 = await request.post("/api/access/create_link", {
    data: { id: made.gallery, form: { label: "Planner", role: "PhotographerInvited", sets: null, expires_on: null } },
  });
  expect(made2.status()).toBe(200);
  const planner: string = (await made2.json()).path;
  await page.goto(made.mainClientLink);
  await hydrated(page);
  const share = page.getByRole("button", { name: "Share", exact: true });
  await expect(share).toBeVisible();

  // A page elsewhere links to the planner's link of the same gallery.
  const target = new URL(planner, page.url()).href;
  await page.route("http://elsewhere.example/**", (route) =>
    route.fulfill({ contentType: "text/html", body: `<!doctype html><title>Elsewhere</title><a href="${target}">See the photos</a>` }),
  );
  const followedFromElsewhere = async () => {
    await page.goto("http://elsewhere.example/page");
    await page.getByRole("link", { name: "See the photos" }).click();
    await expect(page.getByRole("heading", { name: "Open with this link?" })).toBeVisible();
  };
  await followedFromElsewhere();
  await meetsWcag(page, "switch link");
  await page.getByRole("button", { name: "Keep my link" }).click();
  await expect(page).toHaveURL(new RegExp(`${made.mainClientLink}$`));
  await hydrated(page);
  await expect(share).toBeVisible();

  await followedFromElsewhere();
  await page.getByRole("button", { name: "Open with the new link" }).click();
  await expect(page).toHaveURL(new RegExp(`${planner}$`));
  await hydrated(page);
  await expect(page.locator(".grid .tile")).toHaveCount(1);
  await expect(share).toHaveCount(0);
});
