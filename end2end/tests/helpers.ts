import AxeBuilder from "@axe-core/playwright";
import { APIRequestContext, Page, expect } from "@playwright/test";
import { readFileSync } from "node:fs";
import { join } from "node:path";

/** The shared corpus of real photographs. */
export const corpus = (path: string) => join(__dirname, "..", "..", "..", "shared", "corpus", path);

/**
 * Marks a test the phone project skips (playwright.config.ts): the photographer's editor and
 * reports, and flows whose pages a phone renders no differently. Every visitor's page runs on both.
 */
export const DESKTOP_ONLY = { tag: "@desktop-only" };

/** A unique suffix so every spec makes its own data. */
export const unique = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 7)}`;

/** One message as the mail sink (../mail-sink.mjs) received it. */
export interface Mail {
  to: string[];
  subject: string;
  text: string;
}

/** Every message sent to `to` so far, oldest first. */
export async function mailTo(to: string): Promise<Mail[]> {
  const response = await fetch(`http://127.0.0.1:3126/messages?to=${encodeURIComponent(to)}`);
  return response.json();
}

/** The path of the newest link to `to` that starts with `prefix` (`/reset/`), once it arrived. */
export async function emailedPath(to: string, prefix: string): Promise<string> {
  let path = "";
  await expect
    .poll(
      async () => {
        const found = (await mailTo(to))
          .map((m) => m.text.match(new RegExp(`https?://[^/\\s]+(${prefix}[0-9a-f]+)`)))
          .filter((m) => m !== null)
          .pop();
        path = found ? found[1] : "";
        return path;
      },
      { timeout: 30_000 },
    )
    .not.toBe("");
  return path;
}

/**
 * A client address of its own for each API sign-up: the server under test believes
 * X-Forwarded-For from 127.0.0.1 (as from a reverse proxy), so the suite's many sign-ups do not
 * meet the per-address email limit that one real office would.
 */
const clientAddress = () => `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250) + 1}`;

/** Signs up a studio through the API on `request`'s cookies, confirmed by the emailed link. */
export async function signUp(request: APIRequestContext, email: string, studio = "Meadow Light"): Promise<void> {
  const signUp = await request.post("/api/auth/sign_up", {
    form: { studio_name: studio, email, password: "a long password 1" },
    headers: { "X-Forwarded-For": clientAddress() },
    maxRedirects: 0,
  });
  expect(signUp.status()).toBeLessThan(400);
  const confirm = await emailedPath(email, "/signup/confirm/");
  const token = confirm.split("/").pop()!;
  const confirmed = await request.post("/api/auth/confirm_sign_up", { form: { token, password: "a long password 1" }, maxRedirects: 0 });
  expect(confirmed.status()).toBeLessThan(400);
}

/** Waits until the page has hydrated (the browser entry marks <body> once hydration has ended). */
export async function hydrated(page: Page) {
  await expect(page.locator("body")).toHaveAttribute("data-hydrated", "true");
}

/**
 * Makes a published gallery with `files` (rendered) through the HTTP API, as a photographer's
 * browser would, and returns its slug. Its public link is on unless `publicLink: false`.
 */
export async function publishedGallery(
  request: APIRequestContext,
  files: string[],
  options: { password?: string; publicLink?: boolean } = {},
): Promise<string> {
  const id = unique();
  await signUp(request, `studio-${id}@example.com`);
  const slug = `gallery-${id}`;
  const created = await request.post("/api/galleries/create", {
    form: { title: "Garden party", slug, event_date: "2026-06-14" },
    maxRedirects: 0,
  });
  expect(created.status()).toBeLessThan(400);
  const gallery: string = await created.json();
  for (const file of files) {
    const upload = await request.post(`/api/galleries/${gallery}/images`, {
      headers: { "X-File-Name": file.split("/").pop()!, "Content-Type": "application/octet-stream" },
      data: readFileSync(corpus(file)),
    });
    expect(upload.status()).toBe(201);
  }
  await expect
    .poll(
      async () => {
        // A test gallery fits on the editor's first page of photos.
        const photos = await (await request.post("/api/galleries/photos", { form: { id: gallery, page: "0" } })).json();
        return photos.images.length === files.length && photos.images.every((i: any) => i.card.status === "Ready");
      },
      { timeout: 60_000 },
    )
    .toBe(true);
  const publish = await request.post("/api/galleries/publish", { form: { id: gallery, published: "true" } });
  expect(publish.status()).toBe(200);
  // Guests open the gallery at /g/{slug} when its public link is on (off for new galleries).
  if (options.publicLink ?? true) {
    const open = await request.post("/api/access/public_link", { form: { id: gallery, on: "true" } });
    expect(open.status()).toBe(200);
  }
  if (options.password) {
    const locked = await request.post("/api/galleries/password", { form: { id: gallery, password: options.password } });
    expect(locked.status()).toBe(200);
  }
  return slug;
}

/** A published gallery with downloads on, as `downloadGallery` made it. */
export interface DownloadGallery {
  slug: string;
  gallery: string;
  images: string[];
  /** The PIN, when one was asked for. */
  pin?: string;
  /** A main client's link (`/l/…`). */
  mainClientLink: string;
}

/**
 * Makes a published gallery with downloads on and the given settings, plus a main client's link.
 * `sets` puts the photos in order into named sets; `downloadSets` turns on "allow downloads" for
 * those set names.
 */
export async function downloadGallery(
  request: APIRequestContext,
  files: string[],
  options: {
    pin?: boolean;
    emailTracking?: boolean;
    quota?: number;
    sets?: string[];
    downloadSets?: string[];
    annotations?: boolean;
  } = {},
): Promise<DownloadGallery> {
  const slug = await publishedGallery(request, files);
  const view = await (await request.post("/api/galleries/list", {})).json();
  const gallery: string = view.find((g: any) => g.slug === slug).id;
  const photos = await (await request.post("/api/galleries/photos", { form: { id: gallery, page: "0" } })).json();
  const images: string[] = photos.images.map((i: any) => i.card.id);
  const settings = {
    switches: {
      selects: true, comments: true, annotations: options.annotations ?? false, downloads: true, sharing: true, contact_sheets: true, compare: true,
    },
    sizes: { original: true, four_k: true, hd: true, custom_web: null, custom_box: null },
    rights: { main_client: "Both", photographer_invited: "Both", client_invited: "WebSize", guest: "WebSize" },
    high_res_quota: options.quota ?? null,
    email_tracking: options.emailTracking ?? false,
  };
  expect((await request.post("/api/access/settings", { data: { id: gallery, settings } })).status()).toBe(200);
  for (const [index, name] of (options.sets ?? []).entries()) {
    const set: string = await (await request.post("/api/sets/create", { form: { gallery, name } })).json();
    const moved = await request.post("/api/images/move", { data: { gallery, images: [images[index]], set } });
    expect(moved.status()).toBe(200);
    if ((options.downloadSets ?? []).includes(name)) {
      const allowed = await request.post("/api/access/set_downloads", { data: { id: gallery, set, allow: true } });
      expect(allowed.status()).toBe(200);
    }
  }
  let pin: string | undefined;
  if (options.pin) {
    pin = await (await request.post("/api/access/set_pin", { form: { id: gallery, pin: "" } })).json();
  }
  const link = await request.post("/api/access/create_link", {
    data: { id: gallery, form: { label: "Anna & Tom", role: "MainClient", sets: null, expires_on: null } },
  });
  expect(link.status()).toBe(200);
  return { slug, gallery, images, pin, mainClientLink: (await link.json()).path };
}

/** axe-core's WCAG 2.2 A and AA checks on the page as it is now; `what` names it in a failure. */
export async function meetsWcag(page: Page, what: string) {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).analyze();
  const found = result.violations.flatMap((v) => v.nodes.map((n) => `${what}: ${v.id} at ${n.target.join(" ")}: ${n.failureSummary}`));
  expect(found).toEqual([]);
}

/** Unfolds the selection bar's tools where a phone folds them behind "Actions…". */
export async function selectionTools(page: Page) {
  const toggle = page.getByRole("button", { name: "Actions…" });
  if (await toggle.isVisible()) await toggle.click();
}
