import { defineConfig, devices } from "@playwright/test";

// Browser tests run Debian's Chromium (never a downloaded browser) against the real server
// binary, started fresh on its own port with its own data folder for every run.
const port = 3100;
// The mail sink (mail-sink.mjs): the app's SMTP server, and where tests read what was sent.
const mailSmtpPort = 3125;
export const mailSinkHttpPort = 3126;
const chromiumArgs = [
  "--no-sandbox",
  "--headless",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export default defineConfig({
  testDir: "./tests",
  timeout: 90_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: { executablePath: "/usr/bin/chromium", args: chromiumArgs },
    trace: "retain-on-failure",
  },
  projects: [
    { name: "desktop", use: { ...devices["Desktop Chrome"], channel: undefined } },
    // Tests tagged DESKTOP_ONLY (helpers.ts) run once, on the desktop.
    { name: "phone", use: { ...devices["Pixel 7"], channel: undefined }, grepInvert: /@desktop-only/ },
  ],
  webServer: [
    {
      command: "node mail-sink.mjs",
      url: `http://127.0.0.1:${mailSinkHttpPort}/healthz`,
      timeout: 30_000,
      reuseExistingServer: false,
      env: { MAIL_SINK_SMTP_PORT: String(mailSmtpPort), MAIL_SINK_HTTP_PORT: String(mailSinkHttpPort) },
    },
    {
      // A 1,000-photo gallery for visitors and a 250-photo one to arrange in the editor
      // (large.spec.ts) are made first, from copies of the demo photos.
      command:
        "rm -rf ../target/e2e-data && ../target/debug/server seed-large --photos 1000 --slug large && " +
        "../target/debug/server seed-large --photos 250 --slug large-editor && ../target/debug/server serve",
      url: `http://127.0.0.1:${port}/healthz`,
      timeout: 300_000,
      reuseExistingServer: false,
      stdout: "ignore",
      stderr: "pipe",
      env: {
        PROOFROOM_ADDR: `127.0.0.1:${port}`,
        PROOFROOM_PUBLIC_URL: `http://127.0.0.1:${port}`,
        DATABASE_URL: "sqlite://../target/e2e-data/proofroom.db?mode=rwc",
        PROOFROOM_STORAGE: "../target/e2e-data/objects",
        LEPTOS_SITE_ROOT: "../target/site-debug",
        PROOFROOM_DEMO_PHOTOS: "../../shared/corpus/demo",
        PROOFROOM_SMTP_PORT: String(mailSmtpPort),
        // The tests' API calls speak for many clients through X-Forwarded-For (see helpers.ts).
        PROOFROOM_TRUSTED_PROXIES: "127.0.0.1",
        // A cold tier that takes a moment, as a real one would (archive.spec.ts).
        PROOFROOM_RESTORE_DELAY: "1",
        // Not the default, so the upload panel is seen to say (and keep) the limit configured.
        PROOFROOM_MAX_UPLOAD_MB: "40",
        RUST_LOG: "warn",
      },
    },
  ],
});
