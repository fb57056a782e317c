import { core, telemetry } from "@strata/sdk/contracts";
import { waitSynced } from "../../helpers/telemetry-expect.js";
import { sampleIntervalMs, subscribeAs } from "../../helpers/telemetry-reader.js";
import { portMetricCatalogue } from "./module/network-metric-catalogue.js";
import { check } from "./network-checks.js";
import { makeLan } from "./support/lan.js";
import { datagramsOf, openReceiver } from "./support/receiver.js";
import { sendDatagram } from "./support/send.js";

const DATAGRAMS = 12;
const BYTES = 700;
const DIRECTIONS = ["sent", "delivered"];

check("Every port publishes the per-port rows of the catalogue, attributed to the port, adding up to the traffic it sent and received [network] [telemetry] [metrics] [ports]", { covers: ["NET-CAT-1", "NET-CAT-2"] }, async (t) => {
  const applicationId = t.config.applicationId;
  const lan = await makeLan(t, "port-metrics");
  const [sender, receiver] = lan.ports;
  const ids = [sender!.portId, receiver!.portId];
  const reader = subscribeAs(t, t.tenantA, { mode: telemetry.Mode.MODE_STREAM, selector: { resourceIds: ids } }, "tenant A's Subscribe");
  await waitSynced(t, reader, "tenant A");
  const inbox = openReceiver(t, lan.network.networkId, lan.endpoints[1]!.endpointId);
  for (let i = 0; i < DATAGRAMS; i++) {
    await sendDatagram(t, { networkId: lan.network.networkId, sourceEndpointId: lan.endpoints[0]!.endpointId, destinationAddress: lan.endpoints[1]!.address,
      payload: Buffer.alloc(BYTES, i), label: `datagram #${i + 1}` });
  }
  await inbox.waitFor(() => datagramsOf(inbox).length >= DATAGRAMS, 2000, t.signal);
  const mark = reader.watermark;
  const interval = sampleIntervalMs(t.limits);
  const after = (id: string, metric: string) => reader.samples.some(({ sample }) => sample.sequence > mark && sample.resourceId === id && sample.metric === metric);
  await reader.waitFor(() => ids.every((id) => portMetricCatalogue.every((row) => after(id, row.metric))), 2 * interval + 500, t.signal);

  for (const id of ids) {
    for (const row of portMetricCatalogue) {
      const samples = reader.samples.filter(({ sample }) => sample.resourceId === id && sample.metric === row.metric).map((s) => s.sample);
      t.ensure(samples.length > 0 && after(id, row.metric), `${row.metric}: no sample for port ${id} within two sample intervals of ${interval} ms; `
        + "the standard requires every per-port row for every port every interval");
      for (const sample of samples) {
        const at = `${row.metric}${sample.attributes.direction ? `{direction=${sample.attributes.direction}}` : ""} of port ${id} (sequence ${sample.sequence})`;
        t.ensure(sample.unit === row.unit, `${at} has unit "${sample.unit}"; the catalogue fixes "${row.unit}"`);
        t.ensure(sample.gauge !== undefined && sample.counter === undefined && sample.histogram === undefined, `${at} is no gauge; the catalogue makes it a gauge`);
        t.equal(Object.keys(sample.attributes).sort(), row.perDirection ? ["direction"] : [], `${at}: attribute keys`);
        if (row.perDirection) t.ensure(DIRECTIONS.includes(sample.attributes.direction!), `${at}: direction must be sent or delivered`);
        t.equal([sample.tenantId, sample.applicationId, sample.layer], [lan.ports[0]!.workload!.tenantId, applicationId, core.Layer.LAYER_NETWORK],
          `${at}: tenant_id, application_id and layer must be the port's tenant and application and LAYER_NETWORK`);
        const value = sample.gauge?.value ?? Number.NaN;
        const [low, high] = row.range ?? [0, Number.POSITIVE_INFINITY];
        t.ensure(Number.isFinite(value) && value >= low && value <= high, `${at} is ${value}; the catalogue bounds it to [${low}, ${high}]`);
      }
    }
  }
  const total = (id: string, metric: string, direction: string) => reader.samples
    .filter(({ sample }) => sample.resourceId === id && sample.metric === metric && sample.attributes.direction === direction)
    .reduce((sum, { sample }) => sum + (sample.gauge?.value ?? 0) * (Number(sample.timeUnixNano - sample.startTimeUnixNano) / 1e9), 0);
  const expected: Array<[string, string, string, number]> = [
    [sender!.portId, "strata.network.port.datagrams_rate", "sent", DATAGRAMS], [sender!.portId, "strata.network.port.bytes_rate", "sent", DATAGRAMS * BYTES],
    [receiver!.portId, "strata.network.port.datagrams_rate", "delivered", DATAGRAMS], [receiver!.portId, "strata.network.port.bytes_rate", "delivered", DATAGRAMS * BYTES],
    [sender!.portId, "strata.network.port.datagrams_rate", "delivered", 0], [receiver!.portId, "strata.network.port.bytes_rate", "sent", 0],
  ];
  for (const [id, metric, direction, want] of expected) {
    const got = total(id, metric, direction);
    t.ensure(Math.abs(got - want) <= 0.5 + 0.05 * want, `${metric}{direction=${direction}} of port ${id} × interval lengths adds up to ${got.toFixed(2)}; `
      + `the suite made ${want} (the rate is per second over the sample's interval)`);
  }
  const utilizations = reader.samples.filter(({ sample }) => sample.resourceId === receiver!.portId && sample.metric === "strata.network.port.utilization")
    .map(({ sample }) => ({ sample, bytes: total(receiver!.portId, "strata.network.port.bytes_rate", "delivered") }));
  const busiest = Math.max(...utilizations.map((u) => u.sample.gauge?.value ?? 0));
  const speed = Number(receiver!.speedBytesPerSecond);
  const bound = ((DATAGRAMS * BYTES) / (speed * Math.min(...utilizations.map((u) => Number(u.sample.timeUnixNano - u.sample.startTimeUnixNano) / 1e9)))) * 100;
  t.ensure(busiest <= Math.min(100, bound * 1.05 + 1e-9), `strata.network.port.utilization of port ${receiver!.portId} reached ${busiest}%, above what ${DATAGRAMS * BYTES} bytes `
    + `at a line rate of ${speed} bytes/s can make (${bound.toExponential(2)}%)`);
});
