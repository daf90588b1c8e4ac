// Adapter (scheduled task): the notification sweep — every minute in AWS (an EventBridge rule), every clock advance and
// settle locally: sends whose retry (backoff) or quiet hours are over; sends out of attempts become failed (admins).
import { currentClock } from "../../platform/clock.ts";
import { scheduledEventId, taskHandler } from "../../platform/task.ts";
import { sendDue } from "../deliver.ts";
import { deliveryDeps } from "./deps.ts";

export const handler = taskHandler(async () => {
  const tried = await sendDue(deliveryDeps(currentClock()));
  return { tried };
}, scheduledEventId);
