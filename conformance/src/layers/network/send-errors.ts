import { core, rpc } from "@strata/sdk/contracts";
import { network } from "@strata/sdk/network";
import { collectStream } from "../../helpers/collect-stream.js";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { check } from "./network-checks.js";
import { makeLan } from "./support/lan.js";
import { uniqueName } from "../../helpers/unique-name.js";
import { datagramsOf, openReceiver } from "./support/receiver.js";
import { sendDatagram } from "./support/send.js";

const { Code } = rpc;
const Reason = core.ErrorReason;

check("Send and Receive answer every row of their error tables, and no datagram ever reaches another network [network] [datagrams] [errors] [isolation]", { covers: ["CORE-ERR-7", "CORE-ERR-3", "CORE-COMP-1"] }, async (t) => {
  const lan = await makeLan(t, "send-errors");
  const other = await makeLan(t, "send-errors-other");
  const [from, to] = lan.endpoints;
  const networkId = lan.network.networkId;
  const send = (fields: Partial<network.SendRequest>) => t.tenantA.datagrams.send(network.SendRequest.fromPartial({
    networkId, sourceEndpointId: from!.endpointId, destinationAddress: to!.address, payload: Buffer.from("x"), ...fields,
  }));
  await expectInvalidField(t, send({ networkId: "" }), "network_id", "Send without network_id");
  await expectInvalidField(t, send({ sourceEndpointId: "" }), "source_endpoint_id", "Send without source_endpoint_id");
  await expectInvalidField(t, send({ destinationAddress: "" }), "destination_address", "Send without destination_address");
  await expectInvalidField(t, send({ payload: Buffer.alloc(Number(t.limits.maxIoBytes) + 1) }), "payload", "Send of a payload one byte above Limits.max_io_bytes");
  await t.expectCode(send({ networkId: uniqueName("absent") }), Code.NOT_FOUND, "Send on an unknown network", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  await t.expectCode(send({ sourceEndpointId: other.endpoints[0]!.endpointId }), Code.NOT_FOUND, "Send from an endpoint of another network",
    Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  await t.expectCode(send({ destinationAddress: "conformance-no-such-address" }), Code.NOT_FOUND, "Send to an address no endpoint of the network has",
    Reason.ERROR_REASON_RESOURCE_NOT_FOUND);

  // Isolation: the other network's receiver must see nothing of a Send that names its address on this network.
  const watched = openReceiver(t, other.network.networkId, other.endpoints[1]!.endpointId);
  await t.expectCode(send({ destinationAddress: other.endpoints[1]!.address }), Code.NOT_FOUND,
    "Send on network 1 to the address of an endpoint of network 2", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  const fence = await sendDatagram(t, { networkId: other.network.networkId, sourceEndpointId: other.endpoints[0]!.endpointId,
    destinationAddress: other.endpoints[1]!.address, payload: Buffer.from("fence"), label: "a fence datagram on network 2" });
  await watched.waitFor(() => datagramsOf(watched).length > 0, 2000, t.signal);
  const crossed = datagramsOf(watched).filter((d) => d.sourceEndpointId !== other.endpoints[0]!.endpointId);
  t.ensure(crossed.length === 0, `network 2's receiver got ${crossed.length} datagram(s) sent on network 1 (from ${crossed[0]?.sourceEndpointId}); `
    + "the standard requires that traffic never leaves its network");
  t.ensure(datagramsOf(watched).length === 1, `network 2's receiver got ${datagramsOf(watched).length} datagrams after ${fence.what}; only the fence was sent there`);

  const receive = (fields: Partial<network.ReceiveRequest>) => collectStream(t.tenantA.datagrams.receive(network.ReceiveRequest.fromPartial({
    networkId, endpointId: to!.endpointId, ...fields,
  })), { until: () => true, signal: t.signal, timeoutMs: t.config.timeoutMs / 2 });
  await expectInvalidField(t, receive({ networkId: "" }), "network_id", "Receive without network_id");
  await expectInvalidField(t, receive({ endpointId: "" }), "endpoint_id", "Receive without endpoint_id");
  await t.expectCode(receive({ networkId: uniqueName("absent") }), Code.NOT_FOUND, "Receive on an unknown network", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  await t.expectCode(receive({ endpointId: other.endpoints[0]!.endpointId }), Code.NOT_FOUND, "Receive of an endpoint of another network",
    Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
  const open = openReceiver(t, networkId, to!.endpointId);
  await sendDatagram(t, { networkId, sourceEndpointId: from!.endpointId, destinationAddress: to!.address, payload: Buffer.from("open"), label: "a datagram to the open receiver" });
  t.ensure(await open.waitFor(() => datagramsOf(open).length > 0, 2000, t.signal), "the first Receive stream got nothing of a datagram sent to it");
  await t.expectCode(receive({}), Code.FAILED_PRECONDITION, "a second Receive of an endpoint whose Receive stream is open", Reason.ERROR_REASON_RESOURCE_BUSY);
  t.ensure(!open.ended, "the first Receive stream ended when a second was refused; the standard keeps it open");
});
