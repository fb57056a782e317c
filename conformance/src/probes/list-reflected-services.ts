import { makeGenericClientConstructor, Metadata, status, type ChannelInterface, type ServiceError } from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { StrataError } from "@strata/sdk/client";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { clientOn } from "./client-on.js";

export type ReflectionVersion = "v1" | "v1alpha";

const clients = new Map<ReflectionVersion, ReturnType<typeof makeGenericClientConstructor>>();

/** The ServerReflection client of a version, from the proto @grpc/reflection ships. */
function reflectionClient(version: ReflectionVersion) {
  let Ctor = clients.get(version);
  if (!Ctor) {
    const protoDir = join(dirname(createRequire(import.meta.url).resolve("@grpc/reflection")), "../proto");
    const definitions = loadSync(`grpc/reflection/${version}/reflection.proto`, { includeDirs: [protoDir], defaults: true, oneofs: true });
    const name = `grpc.reflection.${version}.ServerReflection`;
    Ctor = makeGenericClientConstructor(definitions[name] as never, name);
    clients.set(version, Ctor);
  }
  return Ctor;
}

interface ReflectionResponse {
  listServicesResponse?: { service: { name: string }[] };
  errorResponse?: { errorCode: number; errorMessage: string };
}

/** Asks gRPC server reflection for every service the endpoint serves; rejects with a StrataError. */
export function listReflectedServices(
  channel: ChannelInterface,
  options: { version?: ReflectionVersion; metadata?: Metadata; timeoutMs: number },
): Promise<string[]> {
  const client = clientOn(reflectionClient(options.version ?? "v1"), channel);
  return new Promise((resolve, reject) => {
    const call = client.serverReflectionInfo(options.metadata ?? new Metadata(), { deadline: Date.now() + options.timeoutMs });
    call.on("data", (response: ReflectionResponse) => {
      if (response.errorResponse) reject(new StrataError(response.errorResponse.errorCode, response.errorResponse.errorMessage));
      resolve(response.listServicesResponse?.service.map((s) => s.name) ?? []);
      call.end();
    });
    call.on("error", (error: ServiceError) => reject(StrataError.fromServiceError(error)));
    call.on("end", () => reject(new StrataError(status.UNKNOWN, "the reflection stream ended without answering list_services")));
    call.write({ listServices: "" });
  });
}
