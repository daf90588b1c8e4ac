// Vite configuration of the workbench (工作台): built into web/dist and served at /console/ by the local gateway
// (local/runtime.ts) and in AWS by CloudFront from S3 (infra/constructs/console-site.ts). ECharts and each route get
// chunks of their own; the first load carries React, the router, Ant Design's used components and the layout.
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  base: "/console/",
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    reportCompressedSize: false,
  },
});
