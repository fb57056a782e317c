import { describe, expect, it } from "vitest";
import { applyChange, decodeChange, decodeState, encodeChange, encodeState, policyKey, type CatalogChange, type CatalogState } from "./catalog-change.js";
import { LunMapping, Provisioning, QosPolicy, type Volume } from "./contracts.js";

// The text forms are read back only when an endpoint restarts, which no conformance check can
// make it do: these cases hold them under mutation (round 5), comparing what comes back field by
// field rather than by re-encoding it.

const volume: Volume = {
  volumeId: "vol-1", name: "data", workload: { tenantId: "t1", applicationId: "app", component: "db" }, capacityBytes: (1n << 62n) + 512n,
  provisioning: Provisioning.PROVISIONING_THIN, allocatedBytes: 65_536n, poolId: "pool-0", createTimeUnixNano: 1_764_460_800_000_000_001n, labels: { tier: "gold" },
};
const mapping = LunMapping.fromPartial({ mappingId: "map-1", volumeId: "vol-1", hostId: "iqn.2026-11.org.example:h1", lun: 7, tenantId: "t1" });
const volumePolicy = QosPolicy.fromPartial({ target: { volumeId: "vol-1" }, maxIops: 40n, maxBandwidthBytesPerSecond: 1n << 40n, tenantId: "t1" });
const tenantPolicy = QosPolicy.fromPartial({ target: { tenantId: "t1" }, maxIops: 100n, tenantId: "t1" });
const empty = (): CatalogState => ({ volumes: new Map(), mappings: new Map(), policies: new Map() });

describe("policyKey()", () => {
  it("should key a tenant target and a volume target apart, each by its own id", () => {
    expect(policyKey(tenantPolicy)).toBe("tenant:t1");
    expect(policyKey(volumePolicy)).toBe("volume:vol-1");
    expect(policyKey({ target: { tenantId: "" } })).toBe("tenant:");
    expect(policyKey({ target: undefined })).toBe("volume:");
  });
});

describe("applyChange()", () => {
  it("should put and remove each kind of entry, and remove a volume's own policy with it, not its tenant's", () => {
    const state = empty();
    for (const change of [{ putVolume: volume }, { putMapping: mapping }, { putPolicy: volumePolicy }, { putPolicy: tenantPolicy }] as CatalogChange[]) applyChange(state, change);
    expect([[...state.volumes.keys()], [...state.mappings.keys()], [...state.policies.keys()]]).toEqual([["vol-1"], ["map-1"], ["volume:vol-1", "tenant:t1"]]);
    applyChange(state, { removeMapping: "map-1" });
    applyChange(state, { removeVolume: "vol-1" });
    expect([state.volumes.size, state.mappings.size, [...state.policies.keys()]]).toEqual([0, 0, ["tenant:t1"]]);
    applyChange(state, { removePolicy: "tenant:t1" });
    expect(state.policies.size).toBe(0);
  });
});

describe("encodeChange() and decodeChange()", () => {
  it.each([
    ["putVolume", { putVolume: volume }], ["putMapping", { putMapping: mapping }], ["putPolicy", { putPolicy: volumePolicy }],
    ["removeVolume", { removeVolume: "vol-1" }], ["removeMapping", { removeMapping: "map-1" }], ["removePolicy", { removePolicy: "tenant:t1" }],
  ] as Array<[string, CatalogChange]>)("should give back a %s change exactly, its 64-bit numbers too", (_, change) => {
    const text = encodeChange(change);
    expect(() => JSON.parse(text)).not.toThrow();
    expect(decodeChange(text)).toEqual(change);
  });

  it("should refuse text that is no change, saying what it read", () => {
    expect(() => decodeChange("{}")).toThrow(new SyntaxError("not a catalogue change: {}"));
    expect(() => decodeChange(JSON.stringify({ removeVolume: 7 }))).toThrow(SyntaxError);
    expect(() => decodeChange(`{"other":"${"x".repeat(200)}"}`)).toThrow(`not a catalogue change: {"other":"${"x".repeat(69)}`);
  });
});

describe("encodeState() and decodeState()", () => {
  it("should give back every volume, mapping and policy, each under its key", () => {
    const state = empty();
    for (const change of [{ putVolume: volume }, { putMapping: mapping }, { putPolicy: volumePolicy }, { putPolicy: tenantPolicy }] as CatalogChange[]) applyChange(state, change);
    expect(decodeState(encodeState(state))).toEqual(state);
  });

  it("should load an empty catalogue from an empty object, as the first versions could save it", () => {
    expect(decodeState("{}")).toEqual(empty());
  });
});
