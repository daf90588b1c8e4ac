import { buildApp } from "./app.ts";
const t0 = Date.now();
const { app } = buildApp({ bundle: false, outdir: "/tmp/cdkout-test" });
try { app.synth(); console.log("synth ok"); } catch (e) { console.log("THROWN", String(e).slice(0, 3000)); }
console.log("ms", Date.now() - t0);
