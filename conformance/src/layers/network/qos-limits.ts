import { rpc } from "@strata/sdk/contracts";
import { check } from "./network-checks.js";
import { makeLan, setQosClass } from "./support/lan.js";
import { datagramsOf, openReceiver } from "./support/receiver.js";

/** Over a window of a second or more, delivered bytes MUST NOT exceed a class's limit by more than 10 %. */
const TOLERANCE = 1.1;
const LIMIT = 64 * 1024;
const DATAGRAM = 1024;
const SENDERS = 2;
const DRIVE_MS = 1200;

check("max_bandwidth_bytes_per_second holds the class's ports together within 10 % [network] [qos] [limits]", { covers: ["NET-QOS-1", "NET-QOS-2"] }, async (t) => {
  const qosClass = await setQosClass(t, "limited", { maxBandwidthBytesPerSecond: BigInt(LIMIT) });
  // Two senders in the class, to one receiver: the limit is the class's, not a port's.
  const lan = await makeLan(t, "qos-limited", { endpoints: 3, qosClassIds: [qosClass.qosClassId, qosClass.qosClassId] });
  const receiver = lan.endpoints[2]!;
  const inbox = openReceiver(t, lan.network.networkId, receiver.endpointId);
  const started = performance.now();
  let throttled = 0;
  let answered = 0;
  await Promise.all(Array.from({ length: SENDERS * 2 }, async (_, i) => {
    const from = lan.endpoints[i % SENDERS]!;
    while (performance.now() - started < DRIVE_MS && !t.signal.aborted) {
      await t.tenantA.datagrams.send({ networkId: lan.network.networkId, sourceEndpointId: from.endpointId, destinationAddress: receiver.address, payload: Buffer.alloc(DATAGRAM, i) })
        .then(() => { answered++; }, async (e: { code: number; retryDelayMs?: number }) => {
          if (e.code !== rpc.Code.RESOURCE_EXHAUSTED) throw e;
          throttled++;
          await new Promise((resolve) => setTimeout(resolve, Math.min(100, e.retryDelayMs ?? 10)));
        });
    }
  }));
  const windowMs = performance.now() - started;
  await inbox.waitFor(() => datagramsOf(inbox).length >= answered, 2000, t.signal);
  const bytes = datagramsOf(inbox).reduce((sum, d) => sum + d.payload.length, 0);
  const rate = bytes / (windowMs / 1000);
  t.log(`${bytes} bytes delivered in ${windowMs.toFixed(0)} ms = ${rate.toFixed(0)} bytes/s under a limit of ${LIMIT} (${(rate / LIMIT * 100).toFixed(1)} %), `
    + `${answered} Sends answered OK, ${throttled} throttled`);
  t.ensure(bytes > 0, `nothing was delivered in ${windowMs.toFixed(0)} ms under a limit of ${LIMIT} bytes/s; the limit must let traffic through`);
  t.ensure(rate <= LIMIT * TOLERANCE, `${rate.toFixed(0)} bytes/s delivered from the class's ports over ${windowMs.toFixed(0)} ms under a limit of ${LIMIT} bytes/s; `
    + "the standard allows at most 10 % more over any window of a second or more");
});
