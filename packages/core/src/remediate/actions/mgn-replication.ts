import type { PlanInput, PlannedAction } from "../types.js";

function planMgnReplication(_input: PlanInput): PlannedAction[] {
  return [];
}

export { planMgnReplication };
