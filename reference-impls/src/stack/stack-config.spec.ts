import { describe, expect, it } from "vitest";
import { loadStackConfig, parseStackConfig, StackConfigError, withVendors } from "./stack-config.js";

const LAYERS = "layers: { storage: memstore, fabric: directfabric, network: softswitch, compute: threadpool, access: directaccess, device: fleet }";
const TENANTS = "tenants: [{ id: t1, applications: [shop] }]";

describe("parseStackConfig()", () => {
  it("should read the bundled default config", () => {
    const config = loadStackConfig();
    expect(config.layers).toEqual({ storage: "memstore", fabric: "directfabric", network: "softswitch", compute: "threadpool", access: "directaccess", device: "fleet" });
    expect(config.auth).toBe("jwt");
    expect(config.tenants.map((t) => t.id)).toEqual(["tenant-a", "tenant-b"]);
    expect(config.workload.durationSeconds).toBe(10);
  });

  it("should fill in the defaults and read durations with units", () => {
    const config = parseStackConfig(`${LAYERS}\n${TENANTS}\nworkload: { duration: 500ms }`);
    expect(config).toMatchObject({ auth: "jwt", sampleIntervalMs: 250, settleMs: 2000, hubListen: "127.0.0.1:0" });
    expect(config.workload).toEqual({ rate: 20, durationSeconds: 0.5, concurrency: 8, devicesPerApplication: 2, payloadBytes: 256 });
    expect(parseStackConfig(`${LAYERS}\n${TENANTS}\nworkload: { duration: 2m }`).workload.durationSeconds).toBe(120);
  });

  it("should swap one layer's vendor and keep the rest", () => {
    const config = withVendors(loadStackConfig(), { storage: "blockfile" });
    expect(config.layers).toMatchObject({ storage: "blockfile", network: "softswitch" });
  });

  it.each([
    [`${TENANTS}`, "layers: a map of layer to vendor"],
    [`${LAYERS.replace("memstore", "floppy")}\n${TENANTS}`, "layers.storage: one of memstore, blockfile"],
    [`${LAYERS.replace("fleet }", "fleet, disk: x }")}\n${TENANTS}`, "layers.disk: not a layer"],
    [`${LAYERS}`, "tenants: a non-empty list"],
    [`${LAYERS}\ntenants: [{ id: "bad id", applications: [shop] }]`, "tenants[0].id: 1 to 128 characters"],
    [`${LAYERS}\ntenants: [{ id: t1, applications: [shop] }, { id: t1, applications: [x] }]`, "tenants[1].id: tenant t1 is listed twice"],
    [`${LAYERS}\n${TENANTS}\nworkload: { rate: -1 }`, "workload.rate: transactions per second"],
    [`${LAYERS}\n${TENANTS}\nworkload: { duration: soon }`, "workload.duration: a positive duration"],
    [`${LAYERS}\n${TENANTS}\nauth: none`, `auth: "jwt" or "dev"`],
    [`${LAYERS}\n${TENANTS}\nhubs: {}`, "hubs: unknown field"],
    [`${LAYERS}\n${TENANTS}\n  - [`, "not valid YAML"],
  ])("should refuse %j naming the field", (text, message) => {
    expect(() => parseStackConfig(text, "stack.yaml")).toThrow(StackConfigError);
    expect(() => parseStackConfig(text, "stack.yaml")).toThrow(`stack.yaml: ${message}`);
  });
});
