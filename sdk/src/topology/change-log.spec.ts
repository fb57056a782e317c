import { afterEach, describe, expect, it, vi } from "vitest";
import { ChangeType } from "../gen/strata/topology/v1/topology.js";
import { changeLog } from "./change-log.js";

const upsert = (id: string) => ({ type: ChangeType.CHANGE_TYPE_UPSERT, node: { id, kind: "fixture.resource", layer: 0, tenantId: "t1", applicationId: "", displayName: "", attributes: {} } });

describe("changeLog()", () => {
  afterEach(() => vi.restoreAllMocks());

  it("should keep the last changes, rebuild any retained revision, and refuse older ones", () => {
    const log = changeLog(3);
    for (let i = 1; i <= 5; i++) log.append(upsert(`n-${i}`), ["t1"], BigInt(i));
    expect(log.revision).toBe(5);
    expect(log.since(1)).toBeUndefined();
    expect(log.since(2)!.map((c) => c.revision)).toEqual([3, 4, 5]);
    expect([...log.replayTo(2)!.nodes.keys()]).toEqual(["n-1", "n-2"]);
    expect([...log.replayTo(4)!.nodes.keys()]).toEqual(["n-1", "n-2", "n-3", "n-4"]);
    expect(log.replayTo(1)).toBeUndefined();
    expect(log.revisionAt(4n)).toBe(4);
    expect(log.revisionAt(1n)).toBeUndefined();
  });

  it("should trim in constant time per change: never an array shift over the retained changes", () => {
    const log = changeLog(1000);
    const shift = vi.spyOn(Array.prototype, "shift");
    for (let i = 1; i <= 5000; i++) log.append(upsert(`n-${i % 50}`), ["t1"], BigInt(i));
    expect(shift).not.toHaveBeenCalled();
    expect(log.since(4990)!).toHaveLength(10);
  });
});
