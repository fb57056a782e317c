import { connect, createServer, type AddressInfo, type Socket } from "node:net";
import { answerEcho, device, type DeviceRoute, type RoutedTransaction } from "@strata/sdk/device";
import { StrataError } from "@strata/sdk/server";
import { decodeAnswer, decodeRequest, encodeAnswer, encodeRequest } from "./echo-frames.js";

/** Serves the built-in echo application on a loopback socket: one request per connection. */
function serveEcho(socket: Socket): void {
  const gone = new AbortController();
  socket.on("close", () => gone.abort());
  socket.on("error", () => socket.destroy());
  let received = Buffer.alloc(0);
  socket.on("data", (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]);
    let request;
    try {
      request = decodeRequest(received);
    } catch {
      socket.destroy();
      return;
    }
    if (!request) return;
    socket.pause();
    answerEcho(request.payload, request.echo, gone.signal).then(
      (answer) => socket.end(encodeAnswer(answer)),
      // The application failed it (echo.fail), unless the probe left first: then there is no one to tell.
      () => (gone.signal.aborted ? socket.destroy() : socket.end(encodeAnswer(undefined))),
    );
  });
}

/**
 * The probe's route to the built-in echo application: the application
 * listens on a loopback socket of its own, and every transaction is a fresh
 * TCP connection to it, as a synthetic monitor measures a service: connect,
 * send, wait, receive. The answer crosses the host's network stack.
 */
export function createTcpEchoRoute(): DeviceRoute {
  const server = createServer(serveEcho);
  const listening = new Promise<number>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve((server.address() as AddressInfo).port));
  });
  const open = new Set<Socket>();
  server.on("connection", (socket) => {
    open.add(socket);
    socket.on("close", () => open.delete(socket));
  });
  return {
    route: device.TransactionRoute.TRANSACTION_ROUTE_ECHO,
    async exchange(transaction) {
      return exchangeOver(await listening, transaction);
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** One transaction over a new connection to the echo application's port. */
function exchangeOver(port: number, { payload, echo, signal }: RoutedTransaction): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    if (signal.aborted) return reject(StrataError.cancelled("the transaction, before the probe connected"));
    const socket = connect({ port, host: "127.0.0.1", noDelay: true });
    let received = Buffer.alloc(0);
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener("abort", onAbort);
      socket.destroy();
      outcome();
    };
    const onAbort = () => settle(() => reject(StrataError.cancelled("the transaction, while the probe waited for the echo application")));
    signal.addEventListener("abort", onAbort, { once: true });
    socket.on("connect", () => socket.write(encodeRequest(payload, echo)));
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      const answer = decodeAnswer(received);
      if (answer === "failed") settle(() => reject(StrataError.unavailable("the echo application failed the transaction (echo.fail)")));
      else if (answer) settle(() => resolve(answer.payload));
    });
    socket.on("error", (error) => settle(() => reject(StrataError.unavailable("the connection to the echo application", error))));
    socket.on("close", () => settle(() => reject(StrataError.unavailable("the echo application closed the connection before it answered"))));
  });
}
