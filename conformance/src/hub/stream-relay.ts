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

/** "host:port" split; a RangeError naming `what` for anything else. */
function hostPort(address: string, what: string): { host: string; port: number } {
  const colon = address.lastIndexOf(":");
  const port = Number(address.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`createStreamRelay: ${what} must be host:port, got "${address}"`);
  return { host: address.slice(0, colon).replace(/^\[(.*)\]$/, "$1"), port };
}

/**
 * Starts a relay to a TCP `target` ("host:port"), listening on `listen`
 * (a free port of 127.0.0.1 by default; a fixed address when the hub was
 * configured with it beforehand, as the CLI's --behind-relay).
 *
 * @example
 * const relay = await createStreamRelay(endpoint.target);
 * const hub = createHubServer({ endpoints: [{ target: relay.address, auth }], … });
 * relay.cut(); … relay.restore();
 */
export async function createStreamRelay(target: string, listen = "127.0.0.1:0"): Promise<StreamRelay> {
  const { host, port } = hostPort(target, "target");
  const at = hostPort(listen, "listen");
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
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(at.port, at.host, () => { server.off("error", reject); resolve(); });
  });
  const { port: listening } = server.address() as { port: number };
  const dropAll = () => { for (const socket of open) socket.destroy(); };
  return {
    address: at.port === 0 ? `${at.host}:${listening}` : listen,
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
