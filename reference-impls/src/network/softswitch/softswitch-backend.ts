import type { IngressFrame, NetworkBackend, PortSide, SwitchPort, WireFrame } from "@strata/sdk/network";
import { ClassPacer } from "./class-pacer.js";
import { EgressPort } from "./egress-port.js";
import { LearningTable } from "./learning-table.js";

export interface SoftswitchOptions {
  /** Line rate of every port, payload bytes per second (default 1.25 GB/s: 10 Gbit/s). */
  portSpeedBytesPerSecond?: number;
  /** Frames one port's egress queue holds before it tail-drops (default 1024). */
  egressQueueFrames?: number;
  /** Longest a frame waits for its QoS class before the Send is refused with a retry delay, ms (default 2000). */
  maxShapingWaitMs?: number;
}

interface SwitchedPort {
  readonly networkId: string;
  readonly egress: EgressPort;
}

/**
 * softswitch: an in-process learning switch. Frames enter at their source
 * port, are paced by their QoS class, teach the switch where their source
 * address sits, and go to the port their destination was learned behind,
 * or are flooded to every other port of their network while it is unknown.
 * Each port has its own egress queue, in strict priority, serialised onto
 * the port at its line rate.
 */
export function createSoftswitchBackend(options: SoftswitchOptions = {}): NetworkBackend {
  const speed = options.portSpeedBytesPerSecond ?? 1.25e9;
  const pacer = new ClassPacer(options.maxShapingWaitMs ?? 2000);
  const table = new LearningTable();
  const ports = new Map<string, SwitchedPort>();
  let side: PortSide | undefined;

  const egressOf = (port: SwitchPort) => new EgressPort(speed, options.egressQueueFrames ?? 1024, (frame: WireFrame) => side!.arrive(port.portId, frame));

  return {
    portSpeedBytesPerSecond: speed,
    async start(portSide) {
      side = portSide;
    },
    async addPort(port) {
      ports.set(port.portId, { networkId: port.networkId, egress: egressOf(port) });
    },
    async removePort(port) {
      ports.get(port.portId)?.egress.close();
      ports.delete(port.portId);
      table.forgetPort(port.networkId, port.portId);
    },
    async forward(frame: IngressFrame) {
      await pacer.admit(frame.qosClass, frame.payload.length, frame.signal);
      const wire: WireFrame = {
        frameId: frame.frameId, networkId: frame.networkId, sourceAddress: frame.sourceAddress,
        destinationAddress: frame.destinationAddress, priority: frame.priority, payload: frame.payload,
      };
      table.learn(frame.networkId, frame.sourceAddress, frame.sourcePortId);
      const known = table.lookup(frame.networkId, frame.destinationAddress);
      const egress = known !== undefined
        ? [known]
        : [...ports].filter(([id, p]) => p.networkId === frame.networkId && id !== frame.sourcePortId).map(([id]) => id);
      await Promise.all(egress.map((id) => ports.get(id)?.egress.enqueue(wire)));
    },
    async close() {
      for (const port of ports.values()) port.egress.close();
      ports.clear();
    },
  };
}
