import type { Datagram, Endpoint, Port } from "./contracts.js";
import { ReceiveQueue } from "./receive-queue.js";

/** The kit's side of one port at run time: its receive queue, its endpoint and receiver, its counters. */
export class PortRuntime {
  queue: ReceiveQueue<Datagram>;
  /** The endpoint attached, if any: the port's NIC keeps only frames addressed to it. */
  endpoint: Endpoint | undefined;
  /** True while a Receive stream of the endpoint is open. */
  receiving = false;
  /** Datagrams (and their payload bytes) sent from the port and delivered; delivered to the port; dropped at it. */
  sentDatagrams = 0;
  sentBytes = 0;
  deliveredDatagrams = 0;
  deliveredBytes = 0;
  drops = 0;

  constructor(readonly port: Port, private readonly prioritised: boolean) {
    this.queue = new ReceiveQueue(port.queueCapacityDatagrams, prioritised);
  }

  /** Empties the queue for the next endpoint: ends the open Receive stream; returns how many datagrams were discarded. */
  resetQueue(): number {
    const discarded = this.queue.close();
    this.queue = new ReceiveQueue(this.port.queueCapacityDatagrams, this.prioritised);
    return discarded;
  }
}
