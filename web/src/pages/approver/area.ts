// Workbench: the approver's (审定领导) area — a challenge's sign-off page (审定; the bureau's 审核 on the same page), the
// shortlist's confirmation (one page for the bureau and the approver), and on a project's page the payment opinions
// (its `projectActions`), with the payment opinion's to-do link opening that project page; its menu entry, 审定事项,
// is its queue of these steps.
import { lazy } from "react";
import { type Area, lazyAction } from "../../areas/area.ts";

export const area: Area = {
  routes: [
    // The approver's queue: its sign-offs, shortlist confirmations and payment opinions (its to-dos, grouped).
    { path: "/approver/queue", page: lazy(() => import("./Queue.tsx")) },
    // 待办's link for the bureau's and the approver's sign-off alike (functions/challenges/rules/todos.ts).
    { path: "/challenges/:challengeId/sign-off", page: lazy(() => import("./SignOffRoute.tsx")) },
    // 待办's link for the bureau's and the approver's confirmation alike (functions/review/rules/todos.ts).
    { path: "/awards/:challengeId/confirmation", page: lazy(() => import("./AwardConfirmation.tsx")) },
    {
      path: "/projects/:projectId/milestones/:milestone/payment-opinion",
      page: lazy(() => import("../Project.tsx")),
    },
    {
      path: "/projects/:projectId/acceptance/payment-opinion",
      page: lazy(() => import("../Project.tsx")),
    },
  ],
  menu: [{ to: "/approver/queue", word: "apQueue", roles: ["approver"] }],
  projectActions: [lazyAction(() => import("./PaymentOpinion.tsx"), "ApproverPaymentOpinions")],
};
