import { createSocket, type Socket } from "node:dgram";

/** Room for a burst of frames in the kernel before a socket drops. */
const SOCKET_BUFFER_BYTES = 4 << 20;

/** A UDP socket bound to 127.0.0.1 on a free port (loopback only), with large kernel buffers. */
export async function bindLoopback(onMessage: (datagram: Buffer, fromPort: number) => void): Promise<{ socket: Socket; port: number }> {
  const socket = createSocket({ type: "udp4", recvBufferSize: SOCKET_BUFFER_BYTES, sendBufferSize: SOCKET_BUFFER_BYTES });
  socket.on("message", (datagram, remote) => onMessage(datagram, remote.port));
  // An error on a loopback socket (a buffer refused, a port gone) loses frames; the loss timer accounts for them.
  socket.on("error", () => undefined);
  await new Promise<void>((resolve, reject) => {
    socket.once("error", reject);
    socket.bind({ address: "127.0.0.1", port: 0 }, () => {
      socket.off("error", reject);
      resolve();
    });
  });
  return { socket, port: socket.address().port };
}

/** Sends a datagram to 127.0.0.1:port; resolves false when the kernel refused it. */
export function sendTo(socket: Socket, datagram: Buffer, port: number): Promise<boolean> {
  return new Promise((resolve) => socket.send(datagram, port, "127.0.0.1", (error) => resolve(!error)));
}

/** Closes a socket, ignoring one already closed. */
export function closeQuietly(socket: Socket): void {
  try {
    socket.close();
  } catch {
    // already closed
  }
}
