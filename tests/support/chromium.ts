// Test support: where the browser tier finds Chromium (CHROMIUM_PATH, else Debian's /usr/bin/chromium) and the Debian
// packages it needs; shared by the browser tests and the pre-test check (tests/preflight.ts).
export const chromiumPath = (env: NodeJS.ProcessEnv = process.env): string =>
  env["CHROMIUM_PATH"] ?? "/usr/bin/chromium";

/** Chromium itself, and CJK fonts so that Chinese pages render (fontconfig's fc-list comes with the fonts). */
export const chromiumPackage = "chromium";
export const cjkFontPackage = "fonts-wqy-zenhei";
