import { credentials, Server, ServerCredentials, type ServerWritableStream } from "@grpc/grpc-js";
import type { Principal } from "../../auth/principal.js";
import { StrataError } from "../../errors/strata-error.js";
import { TelemetryServiceClient, type SubscribeRequest, type SubscribeResponse } from "../../gen/strata/telemetry/v1/telemetry.js";
import type { CallContext } from "../../server/call-context.js";
import { CallSpan } from "../../server/call-span.js";
import { createPageTokens } from "../../server/page-tokens.js";
import { telemetryServiceDefinition } from "../telemetry-service-definition.js";
import type { SubscribeHandler } from "../telemetry-recorder.js";

/** A tenant caller, as the tests' fixed principal. */
export const TENANT_T1: Principal = { tenantId: "t1", roles: [], authenticatedBy: "insecure-header", subject: "t" };
/** An operator caller. */
export const OPERATOR: Principal = { tenantId: "ops", roles: ["operator"], authenticatedBy: "insecure-header", subject: "o" };

export interface TelemetryTestServer {
  readonly port: number;
  /** A generated client of this server, closed by close(). */
  client(): TelemetryServiceClient;
  /** Serves the handler as another principal from now on. */
  setPrincipal(principal: Principal): void;
  /** Stops the server, cutting open streams, and closes the clients it made. */
  close(): Promise<void>;
}

/**
 * Serves a Subscribe handler on 127.0.0.1 over real gRPC, the way the kit
 * does (resolve → end with OK, StrataError → its status), with a fixed
 * principal instead of authentication. For tests and benchmarks.
 */
export async function startTelemetryServer(
  subscribe: SubscribeHandler, options: { principal?: Principal; port?: number } = {},
): Promise<TelemetryTestServer> {
  let principal = options.principal ?? TENANT_T1;
  const server = new Server();
  const clients: TelemetryServiceClient[] = [];
  const pageTokens = createPageTokens();
  server.addService(telemetryServiceDefinition, {
    subscribe(call: ServerWritableStream<SubscribeRequest, SubscribeResponse | Buffer>) {
      const controller = new AbortController();
      call.once("cancelled", () => controller.abort());
      const ctx: CallContext = {
        principal, applicationId: undefined, trace: undefined, span: new CallSpan(undefined), metadata: call.metadata,
        method: telemetryServiceDefinition.subscribe.path, signal: controller.signal, dataPath: undefined, pageTokens,
      };
      // emit("error") sends the status; destroy(error) would leave the client waiting forever (grpc-js 1.14).
      subscribe(call.request, ctx, call).then(
        () => call.end(),
        (error) => call.emit("error", (error instanceof StrataError ? error : StrataError.internal(error)).toStatusObject()),
      );
    },
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${options.port ?? 0}`, ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))));
  return {
    port,
    client() {
      const client = new TelemetryServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
      clients.push(client);
      return client;
    },
    setPrincipal(next) {
      principal = next;
    },
    async close() {
      for (const client of clients) client.close();
      server.forceShutdown();
    },
  };
}
