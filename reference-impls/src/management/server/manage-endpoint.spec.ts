import { EventEmitter } from "node:events";
import { Client, credentials, makeGenericClientConstructor } from "@grpc/grpc-js";
import { loadSync } from "@grpc/proto-loader";
import { connect } from "@strata/sdk/client";
import { runVendorCli, type RunningVendor } from "@strata/sdk/vendor-cli";
import { protoPath as healthProtoPath } from "grpc-health-check";
import { afterAll, describe, expect, it } from "vitest";
import { createHubServer, type HubServer } from "../../hub/index.js";
import { eventually } from "../../hub/fixtures/eventually.js";
import { manageEndpoint } from "./manage-endpoint.js";

const DEV = { insecureDevelopmentMode: true };
const Health = makeGenericClientConstructor(loadSync(healthProtoPath, { enums: String })["grpc.health.v1.Health"] as never, "Health");

describe("manageEndpoint()", () => {
  let hub: HubServer | undefined;
  let manage: RunningVendor | undefined;
  const closers: Array<() => void> = [];

  afterAll(async () => {
    for (const close of closers) close();
    await manage?.stop();
    await hub?.shutdown(0);
  }, 30_000);

  it("should say NOT_SERVING while it has no synced stream of the hub, after the hub restarts or goes away, and SERVING again once every tool caught up", async () => {
    hub = createHubServer({ endpoints: [], auth: DEV, sampleIntervalMs: 100 });
    const hubAddress = await hub.listen("127.0.0.1:0");
    // chargeback is left out to keep the spec quick (its embedded database takes seconds to start on a busy machine);
    // its live() is false from a reconnection until everything before the next sync marker is committed.
    manage = await runVendorCli(manageEndpoint(), {
      argv: ["node", "strata manage", "--listen", "127.0.0.1:0", "--hub", hubAddress, "--insecure-dev", "--tools", "capacity", "performance", "assurance"],
      out: () => {}, err: () => {}, exit: () => {}, signals: new EventEmitter(),
    });
    const address = manage!.addresses[0]!;
    const health = new Health(address, credentials.createInsecure()) as Client & Record<string, Function>;
    const identity = connect(address, { auth: { tenant: "ops", roles: ["operator"] } });
    closers.push(() => health.close(), () => identity.close());
    const check = () => new Promise<string>((resolve, reject) => {
      health.check!({ service: "" }, (error: Error | null, res: { status: string }) => (error ? reject(error) : resolve(res.status)));
    });
    const until = (wanted: string) => eventually(async () => ((await check()) === wanted ? wanted : undefined), 20_000, `health ${wanted}`);

    await until("SERVING");
    expect(await identity.identity.probe({})).toEqual({ ready: true, reason: "" });

    // The hub goes away: every tool's stream fails, and the endpoint stops vouching for what it serves.
    await hub.shutdown(0);
    await until("NOT_SERVING");
    const probe = await identity.identity.probe({});
    expect(probe.ready).toBe(false);
    expect(probe.reason).toMatch(/^capacity, performance, assurance do not follow the hub 127\.0\.0\.1:\d+ live/);

    // A new hub (a new log) on the same address: each tool resumes, takes the gap and the fresh snapshot, and syncs.
    hub = createHubServer({ endpoints: [], auth: DEV, sampleIntervalMs: 100 });
    await hub.listen(hubAddress);
    await until("SERVING");
    expect((await identity.identity.probe({})).ready).toBe(true);
  }, 60_000);
});
