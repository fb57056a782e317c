import { describe, expect, it } from "vitest";
import { fixtureModule } from "../fixtures/fixture-module.js";
import { servicesOf } from "./layer-registry.js";

describe("servicesOf()", () => {
  it("should merge the layers' services, refusing a client name another layer or the common services use", () => {
    const things = { ...fixtureModule, name: "things", services: { things: {} } };
    expect(Object.keys(servicesOf([things]))).toEqual(["things"]);
    expect(() => servicesOf([things, { ...things, name: "others" }])).toThrow('layer others names a client "things", taken by things');
    expect(() => servicesOf([{ ...things, services: { topology: {} } }])).toThrow('layer things names a client "topology", taken by the common services');
  });
});
