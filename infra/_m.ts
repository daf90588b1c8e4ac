import { buildApp } from "./app.ts";
const { app } = buildApp({ bundle: false, nag: false });
for (const c of app.node.findAll()) for (const m of c.node.metadata) if (m.type === "aws:cdk:acknowledged-rules") console.log(c.node.path, JSON.stringify(m.data).slice(0, 200));
