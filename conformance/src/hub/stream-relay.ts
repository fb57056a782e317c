import { createServer, connect, type Socket } from "node:net";

/**
 * A TCP relay between a hub and the layer endpoint behind it, which the
 * suite can cut and restore: the hub is configured with the relay's address
 * instead of the endpoint's, so that a run can fail the hub's streams from
 * that endpoint, which nothing in the standard services can (docs/conformance.md, "A hub").
 */
export interface StreamRelay {
  /** The address the hub dials ("127.0.0.1:<port>"). */
  readonly address: string;
  /** The endpoint's address the relay forwards to. */
  readonly target: string;
  /** Closes every relayed connection, and closes each new one at once until restore(). */
  cut(): void;
  /** Relays new connections again. */
  restore(): void;
  close(): Promise<void>;
}

/**
 * Starts a relay on 127.0.0.1 to a TCP `target` ("host:port").
 *
 * @example
 * const relay = await createStreamRelay(endpoint.target);
 * const hub = createHubServer({ endpoints: [{ target: relay.address, auth }], … });
 * relay.cut(); … relay.restore();
 */
export async function createStreamRelay(target: string): Promise<StreamRelay> {
  const colon = target.lastIndexOf(":");
  const host = target.slice(0, colon);
  const port = Number(target.slice(colon + 1));
  if (colon < 0 || !Number.isInteger(port)) throw new RangeError(`createStreamRelay: target must be host:port, got "${target}"`);
  const open = new Set<Socket>();
  let cut = false;
  const server = createServer((client) => {
    if (cut) return void client.destroy();
    const upstream = connect(port, host);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on("close", () => open.delete(socket));
      socket.on("error", () => { client.destroy(); upstream.destroy(); });
    }
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port: listening } = server.address() as { port: number };
  const dropAll = () => { for (const socket of open) socket.destroy(); };
  return {
    address: `127.0.0.1:${listening}`,
    target,
    cut() {
      cut = true;
      dropAll();
    },
    restore() {
      cut = false;
    },
    close: () => new Promise<void>((resolve) => {
      dropAll();
      server.close(() => resolve());
    }),
  };
}
