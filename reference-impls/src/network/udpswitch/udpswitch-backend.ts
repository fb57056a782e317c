import type { Socket } from "node:dgram";
import type { IngressFrame, NetworkBackend, PortSide, SwitchPort } from "@strata/sdk/network";
import { StrataError } from "@strata/sdk/server";
import { FrameTracker } from "./frame-tracker.js";
import { ShapingQueue } from "./shaping-queue.js";
import { bindLoopback, closeQuietly, sendTo } from "./udp-socket.js";
import { decodeWireFrame, encodeWireFrame } from "./wire-format.js";

export interface UdpswitchOptions {
  /** Nominal line rate of every port, payload bytes per second (default 125 MB/s: 1 Gbit/s). */
  portSpeedBytesPerSecond?: number;
  /** How long a frame may take to reach its port before it counts as lost, ms (default 2000). */
  lossTimeoutMs?: number;
  /** Most traffic a QoS class holds back before a Send is refused with a retry delay, ms of its rate (default 2000). */
  maxShapingBacklogMs?: number;
  /** Ports the switch has room for (default 4096): one socket each. */
  maxPorts?: number;
}

interface UdpPort {
  readonly networkId: string;
  readonly socket: Socket;
  readonly udpPort: number;
}

/**
 * udpswitch: every port is a real UDP socket on 127.0.0.1, and the switch is
 * one more socket in between. A frame leaves its source port's socket for
 * the switch's, which looks its destination up in a forwarding table the
 * control plane programs (bindAddress: the address behind each port, per
 * network) and sends it on to that port's socket, where it comes out. An
 * address the table does not hold, a datagram the kernel refuses, a copy
 * that never arrives within the loss timeout: the frame is lost, and the kit
 * counts the drop. Loopback only: nothing leaves the host, and the switch and
 * the ports take frames only from each other's sockets.
 */
export function createUdpswitchBackend(options: UdpswitchOptions = {}): NetworkBackend {
  const speed = options.portSpeedBytesPerSecond ?? 125e6;
  const maxPorts = options.maxPorts ?? 4096;
  const tracker = new FrameTracker(options.lossTimeoutMs ?? 2000);
  const shaping = new ShapingQueue(options.maxShapingBacklogMs ?? 2000);
  const ports = new Map<string, UdpPort>();
  /** The forwarding table: network → address → UDP port of the port socket behind it. */
  const table = new Map<string, Map<string, number>>();
  let side: PortSide | undefined;
  let fabric: { socket: Socket; port: number } | undefined;

  /** The UDP ports of the port sockets: the switch takes frames from them only. */
  const wired = new Set<number>();

  const switchFrame = (datagram: Buffer, fromPort: number) => {
    const frame = wired.has(fromPort) ? decodeWireFrame(datagram) : undefined;
    if (!frame) return;
    const to = table.get(frame.networkId)?.get(frame.destinationAddress);
    tracker.sent(frame.frameId, to === undefined ? 0 : 1);
    if (to !== undefined) void sendTo(fabric!.socket, datagram, to).then((sent) => { if (!sent) tracker.arrived(frame.frameId); });
  };

  return {
    portSpeedBytesPerSecond: speed,
    async start(portSide) {
      side = portSide;
      fabric = await bindLoopback(switchFrame);
    },
    async addPort(port: SwitchPort) {
      if (ports.size >= maxPorts) throw StrataError.capacityExhausted(`udpswitch ports (${maxPorts})`);
      // A port socket takes frames from the switch only: another process on the host cannot inject any.
      const bound = await bindLoopback((datagram, fromPort) => {
        const frame = fromPort === fabric!.port ? decodeWireFrame(datagram) : undefined;
        if (!frame) return;
        side!.arrive(port.portId, frame);
        tracker.arrived(frame.frameId);
      });
      ports.set(port.portId, { networkId: port.networkId, socket: bound.socket, udpPort: bound.port });
      wired.add(bound.port);
    },
    async removePort(port) {
      const gone = ports.get(port.portId);
      if (!gone) return;
      ports.delete(port.portId);
      wired.delete(gone.udpPort);
      const addresses = table.get(gone.networkId);
      for (const [address, udpPort] of addresses ?? []) if (udpPort === gone.udpPort) addresses!.delete(address);
      closeQuietly(gone.socket);
    },
    bindAddress(port, address) {
      const bound = ports.get(port.portId);
      if (!bound) return;
      let addresses = table.get(port.networkId);
      if (!addresses) table.set(port.networkId, (addresses = new Map()));
      for (const [known, udpPort] of addresses) if (udpPort === bound.udpPort) addresses.delete(known);
      if (address !== undefined) addresses.set(address, bound.udpPort);
    },
    async forward(frame: IngressFrame) {
      await shaping.admit(frame.qosClass, frame.payload.length, frame.signal);
      const source = ports.get(frame.sourcePortId);
      if (!source) return;
      const done = tracker.track(frame.frameId);
      if (!(await sendTo(source.socket, encodeWireFrame(frame), fabric!.port))) tracker.sent(frame.frameId, 0);
      await done;
    },
    async close() {
      shaping.close();
      tracker.close();
      for (const port of ports.values()) closeQuietly(port.socket);
      ports.clear();
      wired.clear();
      if (fabric) closeQuietly(fabric.socket);
    },
  };
}
