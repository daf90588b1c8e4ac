// Workbench: the finance area (财政) — the payment queue and payment runs, a payment's four-eyes approval and a failed
// disbursement's resolution (at the to-do links /payments/{id}, …/approval, …/resolution), the ledger, recoveries
// with their receipts, the finance report with its CSV, and charts.
import { lazy } from "react";
import type { Area } from "../../areas/area.ts";

const payment = lazy(() => import("./Payment.tsx"));

export const area: Area = {
  routes: [
    { path: "/finance/queue", page: lazy(() => import("./PaymentQueue.tsx")) },
    { path: "/payments/:paymentId", page: payment },
    { path: "/payments/:paymentId/approval", page: payment },
    { path: "/payments/:paymentId/resolution", page: payment },
    { path: "/finance/ledger", page: lazy(() => import("./Ledger.tsx")) },
    { path: "/finance/recoveries", page: lazy(() => import("./Recoveries.tsx")) },
    { path: "/finance/recoveries/:recoveryId", page: lazy(() => import("./Recovery.tsx")) },
    { path: "/finance/report", page: lazy(() => import("./FinanceReport.tsx")) },
    { path: "/finance/charts", page: lazy(() => import("./Charts.tsx")) },
  ],
  menu: [
    { to: "/finance/queue", word: "paymentQueue", roles: ["finance", "auditor"], owns: ["/payments"] },
    { to: "/finance/ledger", word: "ledger", roles: ["finance", "auditor"] },
    {
      to: "/finance/recoveries",
      word: "recoveries",
      roles: ["finance", "auditor"],
      owns: ["/finance/recoveries/"],
    },
    { to: "/finance/report", word: "financeReport", roles: ["finance", "auditor"] },
    { to: "/finance/charts", word: "charts", roles: ["finance", "auditor"] },
  ],
};
