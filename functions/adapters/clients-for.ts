// Adapters: one place that hands the shared clients, configuration and clock to the composition modules.
import { dynamo, storage, workflows } from "../shared/clients.ts";
import { currentClock } from "../shared/clock.ts";
import { config } from "../shared/config.ts";

export function clientsFor() {
  return { dynamo, storage, workflows, config, clock: currentClock };
}
