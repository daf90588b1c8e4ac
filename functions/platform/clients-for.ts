// Adapters: one place that hands the shared clients, configuration and clock to the composition modules.
import { dynamo, storage, workflows } from "./clients.ts";
import { currentClock } from "./clock.ts";
import { config } from "./config.ts";

export function clientsFor() {
  return { dynamo, storage, workflows, config, clock: currentClock };
}
