// Unit tests of what `npm run demo` prints at the end (local/demo/report.ts): every URL and command names the port the
// platform really is on, or will be on after `npm start`, never a default that PORT has changed.
import { describe, expect, it } from "vitest";
import { whereToLook } from "../../../local/demo/report.ts";

const ports = (text: string) => [...text.matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));

describe("where to look after the demo", () => {
  it("after the demo's own platform stopped: the console and the start command on PORT", () => {
    const text = whereToLook({
      apiUrl: "http://127.0.0.1:40123",
      startPort: 4123,
      running: "started-here-and-stopped",
    });
    expect(text).toContain("`PORT=4123 npm start`");
    expect(text).toContain("http://127.0.0.1:4123/console/");
    expect(ports(text).length).toBeGreaterThan(0);
    expect(new Set(ports(text))).toEqual(new Set([4123]));
  });

  it("after the demo's own platform stopped, on the default port and another data directory", () => {
    const text = whereToLook({
      apiUrl: "http://127.0.0.1:3000",
      startPort: 3000,
      dataDirArgument: "/tmp/demo",
      running: "started-here-and-stopped",
    });
    expect(text).toContain("`JIEBANG_DATA_DIR=/tmp/demo npm start`");
    expect(new Set(ports(text))).toEqual(new Set([3000]));
  });

  it("on a platform still running: its own URL, whatever PORT says", () => {
    for (const running of ["already-running", "started-here-and-kept"] as const) {
      const text = whereToLook({ apiUrl: "http://127.0.0.1:45678/", startPort: 4123, running });
      expect(text).toContain("http://127.0.0.1:45678/console/");
      expect(new Set(ports(text))).toEqual(new Set([45678]));
    }
  });

  it("names the role that sees every console page", () => {
    const text = whereToLook({
      apiUrl: "http://127.0.0.1:3000",
      startPort: 3000,
      running: "already-running",
    });
    expect(text).toContain("sign in as auditor to see every page");
  });
});

describe("where the demo's mail is", () => {
  it("names the local mailbox page of the enterprise's address, on the port the platform is on", () => {
    const text = whereToLook({
      apiUrl: "http://127.0.0.1:40123",
      startPort: 4123,
      mailAddress: "tyhi-kjb@tyhi.example",
      running: "started-here-and-stopped",
    });
    expect(text).toContain("http://127.0.0.1:4123/local/mailbox?to=tyhi-kjb%40tyhi.example");
    expect(new Set(ports(text))).toEqual(new Set([4123]));
  });
});
