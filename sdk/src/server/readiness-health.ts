import type { Server, ServerUnaryCall, ServerWritableStream, UntypedServiceImplementation } from "@grpc/grpc-js";
import { HealthImplementation } from "grpc-health-check";

/** What IdentityService.Probe answers. */
export interface Readiness {
  ready: boolean;
  reason?: string;
}

/** The standard health service of one server, following its readiness. */
export interface ReadinessHealth {
  /** Asks the probe now, updates every health status, and returns what the probe said. */
  refresh(): Readiness;
  /** Sets every status NOT_SERVING for good and ends every health Watch with OK. */
  close(): void;
}

/** How often health watchers learn of a change of readiness they did not ask about. */
const REFRESH_MS = 1000;

/**
 * Serves grpc.health.v1.Health (grpc-health-check) with every status, the
 * server's ("") and each service's, SERVING exactly when the probe says
 * ready (docs/overview.md, Common services). The probe is asked on every
 * Check and Watch, on every Probe call (through refresh), and every second
 * for watchers; a probe that throws counts as not ready. The kit tracks the
 * Watch streams so that shutdown ends them instead of waiting out its grace.
 */
export function serveReadinessHealth(
  server: Server, serviceNames: readonly string[], probe: (() => Readiness) | undefined,
  onProbeError: (error: unknown) => void,
): ReadinessHealth {
  const names = ["", ...serviceNames];
  const health = new HealthImplementation(Object.fromEntries(names.map((n) => [n, "NOT_SERVING"])));
  const watches = new Set<ServerWritableStream<unknown, unknown>>();
  let serving: boolean | undefined;
  let closed = false;

  const set = (ready: boolean) => {
    if (ready === serving) return;
    serving = ready;
    for (const name of names) health.setStatus(name, ready ? "SERVING" : "NOT_SERVING");
  };
  const refresh = (): Readiness => {
    let readiness: Readiness;
    try {
      readiness = probe?.() ?? { ready: true };
    } catch (error) {
      onProbeError(error);
      readiness = { ready: false, reason: "the readiness probe failed" };
    }
    if (!closed) set(readiness.ready);
    return readiness;
  };

  // grpc-health-check registers its handlers itself: wrap them on their way to the server.
  health.addToServer({
    addService(definition: never, implementation: UntypedServiceImplementation) {
      const check = implementation["check"] as (call: ServerUnaryCall<unknown, unknown>, callback: unknown) => void;
      const watch = implementation["watch"] as (call: ServerWritableStream<unknown, unknown>) => void;
      server.addService(definition, {
        ...implementation,
        check: (call: ServerUnaryCall<unknown, unknown>, callback: unknown) => {
          refresh();
          check(call, callback);
        },
        watch: (call: ServerWritableStream<unknown, unknown>) => {
          refresh();
          watches.add(call);
          call.once("cancelled", () => watches.delete(call));
          watch(call);
        },
      });
    },
  } as unknown as Server);
  refresh();
  const timer = setInterval(refresh, REFRESH_MS).unref();

  return {
    refresh,
    close() {
      clearInterval(timer);
      set(false);
      closed = true;
      for (const call of watches) call.end();
      watches.clear();
    },
  };
}
