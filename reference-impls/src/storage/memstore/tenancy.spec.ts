import { status } from "@grpc/grpc-js";
import { connect, type StrataClients, type StrataError } from "@strata/sdk/client";
import { telemetry } from "@strata/sdk/contracts";
import { createTestPki, mintTestToken, type TestPki } from "@strata/sdk/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMemstoreServer } from "./create-memstore-server.js";
import { storage, STORAGE_SERVICES } from "@strata/sdk/storage";
import type { StorageServer } from "@strata/sdk/storage";

const codeOf = (p: Promise<unknown>) => p.then(() => status.OK, (e: StrataError) => e.code);

/** The status a Subscribe stream ends with before sending anything. */
function subscribeCode(clients: StrataClients<typeof STORAGE_SERVICES>, tenantIds: string[]): Promise<number> {
  const stream = clients.telemetry.subscribe(telemetry.SubscribeRequest.fromPartial({
    mode: telemetry.Mode.MODE_STREAM, selector: { tenantIds, includeRecords: true },
  }));
  return new Promise((resolve) => {
    stream.on("data", () => { stream.cancel(); resolve(status.OK); });
    stream.on("error", (e: { code: number }) => resolve(e.code));
  });
}

/** What tenant B must not do to tenant A's volume, whatever the credential kind. */
async function expectIsolation(a: StrataClients<typeof STORAGE_SERVICES>, b: StrataClients<typeof STORAGE_SERVICES>, operator: StrataClients<typeof STORAGE_SERVICES>) {
  const { volumeId } = (await a.volumes.createVolume(storage.CreateVolumeRequest.fromPartial({
    name: `iso-${Math.random().toString(36).slice(2)}`, workload: { applicationId: "app" }, capacityBytes: 4096n,
  }))).volume!;
  expect(await codeOf(b.volumes.getVolume({ volumeId }))).toBe(status.NOT_FOUND);
  expect(await codeOf(b.block.read({ volumeId, offsetBytes: 0n, lengthBytes: 1n }))).toBe(status.NOT_FOUND);
  expect(await codeOf(b.block.write({ volumeId, offsetBytes: 0n, data: Buffer.from([1]), durable: false }))).toBe(status.NOT_FOUND);
  expect(await codeOf(b.mappings.mapVolume({ volumeId, hostId: "h" }))).toBe(status.NOT_FOUND);
  expect(await codeOf(b.volumes.expandVolume({ volumeId, capacityBytes: 8192n }))).toBe(status.NOT_FOUND);
  expect(await subscribeCode(b, ["tenant-a"])).toBe(status.PERMISSION_DENIED);
  expect(await codeOf(operator.volumes.getVolume({ volumeId }))).toBe(status.OK);
  expect(await subscribeCode(operator, ["tenant-a"])).toBe(status.OK);
}

describe("tenancy over JWT bearer tokens", () => {
  const secret = "test-secret-at-least-32-bytes-long!!";
  let server: StorageServer;
  let address: string;

  beforeAll(async () => {
    server = await createMemstoreServer({ auth: { jwt: { secret } } });
    address = await server.listen("127.0.0.1:0");
  });
  afterAll(() => server.shutdown());

  it("should keep tenant B away from tenant A's volume and telemetry, and let the operator in", async () => {
    const [a, b, operator] = await Promise.all([
      mintTestToken(secret, "tenant-a"), mintTestToken(secret, "tenant-b"), mintTestToken(secret, "ops", ["operator"]),
    ]).then((tokens) => tokens.map((token) => connect(address, { services: STORAGE_SERVICES, auth: { token } })));
    await expectIsolation(a!, b!, operator!);
    for (const c of [a, b, operator]) c!.close();
  });

  it("should refuse a token signed with another key, and headers meant for development", async () => {
    const forged = connect(address, { services: STORAGE_SERVICES, auth: { token: await mintTestToken("another-secret-of-32-bytes-or-more!", "tenant-a") } });
    expect(await codeOf(forged.volumes.listVolumes(storage.ListVolumesRequest.fromPartial({})))).toBe(status.UNAUTHENTICATED);
    const headers = connect(address, { services: STORAGE_SERVICES, auth: { tenant: "tenant-a" } });
    expect(await codeOf(headers.volumes.listVolumes(storage.ListVolumesRequest.fromPartial({})))).toBe(status.UNAUTHENTICATED);
    forged.close();
    headers.close();
  });
});

describe("tenancy over mTLS client certificates", () => {
  let pki: TestPki;
  let server: StorageServer;
  let address: string;

  beforeAll(async () => {
    pki = createTestPki();
    server = await createMemstoreServer({ auth: { mtls: true } });
    address = await server.listen("127.0.0.1:0", { ...pki.server, clientCaPath: pki.caPath });
  });
  afterAll(async () => {
    await server.shutdown();
    pki.remove();
  });

  it("should take the tenant from the certificate and keep tenants apart", async () => {
    const clientFor = (tenant: string, operator = false) =>
      connect(address, { services: STORAGE_SERVICES, tls: { caPath: pki.caPath, ...pki.client(tenant, { operator }), serverNameOverride: "localhost" }, auth: { none: true } });
    const [a, b, operator] = [clientFor("tenant-a"), clientFor("tenant-b"), clientFor("ops", true)];
    await expectIsolation(a, b, operator);
    for (const c of [a, b, operator]) c.close();
  });
});
