import { core, rpc } from "@strata/sdk/contracts";
import { network } from "@strata/sdk/network";
import { check } from "./network-checks.js";
import { makeLan, setQosClass } from "./support/lan.js";
import { uniqueName } from "../../helpers/unique-name.js";
import { datagramsOf, openReceiver } from "./support/receiver.js";

const PRIORITY_QUEUING = core.Feature.FEATURE_NETWORK_PRIORITY_QUEUING;
const { Priority } = network;

check("With FEATURE_NETWORK_PRIORITY_QUEUING, a receive queue delivers in the priority order of the senders' classes, first in first out within one [network] [qos] [priority] [capabilities]",
  { requires: [PRIORITY_QUEUING], covers: ["CORE-CAP-3"] }, async (t) => {
    const classes = await Promise.all([Priority.PRIORITY_LOW, Priority.PRIORITY_CRITICAL, Priority.PRIORITY_HIGH].map((priority) =>
      setQosClass(t, network.priorityToJSON(priority).toLowerCase().replace(/_/g, "-"), { priority })));
    const lan = await makeLan(t, "priority", { endpoints: 5, qosClassIds: [...classes.map((c) => c.qosClassId), ""] });
    const receiver = lan.endpoints[4]!;
    const capacity = lan.ports[4]!.queueCapacityDatagrams;
    if (capacity < 4) t.skip(`the receive queue holds ${capacity} datagrams, too few to order four priorities`);
    // Senders by index: 0 low, 1 critical, 2 high, 3 no class (normal). Nobody reads while they send.
    const order = [0, 3, 2, 1, 0, 3, 2, 1].slice(0, capacity >= 8 ? 8 : 4);
    for (const [n, sender] of order.entries()) {
      await t.expectCode(t.tenantA.datagrams.send({ networkId: lan.network.networkId, sourceEndpointId: lan.endpoints[sender]!.endpointId,
        destinationAddress: receiver.address, payload: Buffer.from([n]) }), rpc.Code.OK, `Send #${n + 1} from the sender of ${["LOW", "NORMAL", "HIGH", "CRITICAL"][[0, 3, 2, 1].indexOf(sender)]}`);
    }
    const inbox = openReceiver(t, lan.network.networkId, receiver.endpointId);
    await inbox.waitFor(() => datagramsOf(inbox).length >= order.length, 2000, t.signal);
    const got = datagramsOf(inbox);
    const expected = order.length === 8 ? [3, 7, 2, 6, 1, 5, 0, 4] : [3, 2, 1, 0];
    t.equal(got.map((d) => d.payload[0]), expected, "the order a queue filled by LOW, NORMAL, HIGH and CRITICAL senders (sent interleaved) delivers in: "
      + "the standard requires CRITICAL, HIGH, NORMAL, LOW, first in first out within each");
    const priorities = [Priority.PRIORITY_LOW, Priority.PRIORITY_NORMAL, Priority.PRIORITY_HIGH, Priority.PRIORITY_CRITICAL];
    t.equal(got.map((d) => d.priority), expected.map((n) => priorities[[0, 3, 2, 1].indexOf(order[n]!)]), "Datagram.priority must be the sender's class's priority");
  });

check("SetQosClass with a priority stores it when FEATURE_NETWORK_PRIORITY_QUEUING is declared, and answers UNIMPLEMENTED when it is not [network] [qos] [priority] [capabilities]",
  { covers: ["CORE-CAP-2", "CORE-CAP-3"] }, async (t) => {
    const qosClass = network.QosClass.fromPartial({ name: uniqueName("priority"), workload: { applicationId: t.config.applicationId }, priority: Priority.PRIORITY_HIGH });
    const call = t.tenantA.qosClasses.setQosClass({ qosClass });
    call.then(({ qosClass: stored }) => stored && t.track(() => t.tenantA.qosClasses.deleteQosClass({ qosClassId: stored.qosClassId }), "DeleteQosClass"), () => undefined);
    if (!t.has(PRIORITY_QUEUING)) {
      await t.expectCode(call, rpc.Code.UNIMPLEMENTED, "SetQosClass with PRIORITY_HIGH on an endpoint that does not declare FEATURE_NETWORK_PRIORITY_QUEUING",
        core.ErrorReason.ERROR_REASON_CAPABILITY_NOT_SUPPORTED);
      return;
    }
    const { qosClass: stored } = await t.expectCode(call, rpc.Code.OK, "SetQosClass with PRIORITY_HIGH on an endpoint that declares FEATURE_NETWORK_PRIORITY_QUEUING");
    t.equal(stored?.priority, Priority.PRIORITY_HIGH, "SetQosClass must store the priority when the endpoint declares FEATURE_NETWORK_PRIORITY_QUEUING");
  });
