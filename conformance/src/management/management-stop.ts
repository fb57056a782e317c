import { core } from "@strata/sdk/contracts";
import { stateShowsHold } from "./await-relax.js";
import { controlListOf, readControlState, stateDifference } from "./control-state.js";
import { check } from "./management-checks.js";
import { managementModuleOf } from "./management-module.js";
import { provokeController, startAssuranceCheck } from "./provoke-controller.js";

check("A controller that stops relaxes everything it holds [assurance] [relax] [restart]", { covers: ["MGMT-ASSURE-7"] }, async (t) => {
  const { restart } = managementModuleOf(t);
  if (!restart) return t.skip("the run has no restart of the management endpoint (--management-restart): the suite cannot stop its controller");
  const { startedMs } = await startAssuranceCheck(t);
  const p = await provokeController(t, startedMs);
  // No load is left for a controller to act on, and the SLA stays at risk, so that nothing relaxes before the stop.
  await Promise.all([p.loadA.stop(), p.loadB.stop()]);
  if (!stateShowsHold(p)) {
    return t.skip(`the layer endpoint behind the hub (${core.layerToJSON(p.behind.module.layer)}: ${controlListOf(p.behind.module.layer) ?? "no standard control"}) shows nothing the controller holds, `
      + "and a stopped controller's audit trail is nothing the suite can read");
  }
  const held = await readControlState(p.behind);
  if (held && stateDifference(p.before!, held) === "") return t.skip("the controller relaxed before the endpoint was stopped: it held nothing left to judge");
  await restart();
  const after = await readControlState(p.behind);
  const difference = after ? stateDifference(p.before!, after) : "";
  t.ensure(difference === "", `once the management endpoint was stopped (and started again, with no load left to act on), the layer endpoint behind the hub still ${difference}; `
    + "MGMT-ASSURE-7 requires a controller that stops to relax everything it holds");
});
