import type { PlanInput, PlannedAction } from "../types.js";

function planDmsManual(_input: PlanInput): PlannedAction[] {
  return [];
}

export { planDmsManual };
