// Workbench: the finance area (财政) — the payment queue, the ledger, recoveries and charts.
import { lazy } from "react";
import type { Area } from "../../areas/area.ts";

export const area: Area = {
  routes: [
    { path: "/finance/queue", page: lazy(() => import("./PaymentQueue.tsx")) },
    { path: "/finance/ledger", page: lazy(() => import("./Ledger.tsx")) },
    { path: "/finance/recoveries", page: lazy(() => import("./Recoveries.tsx")) },
    { path: "/finance/charts", page: lazy(() => import("./Charts.tsx")) },
  ],
  menu: [
    { to: "/finance/queue", word: "paymentQueue", roles: ["finance", "auditor"] },
    { to: "/finance/ledger", word: "ledger", roles: ["finance", "auditor"] },
    { to: "/finance/recoveries", word: "recoveries", roles: ["finance", "auditor"] },
    { to: "/finance/charts", word: "charts", roles: ["finance", "auditor"] },
  ],
};
