import { describe, expect, it } from "vitest";
import { FrameKind } from "./contracts.js";
import { decodeApplicationFrame, encodeApplicationFrame } from "./application-frame.js";

const request = { kind: FrameKind.FRAME_KIND_REQUEST, requestId: 0x0102030405060708n, operation: "cart/add", status: 0 };

describe("encodeApplicationFrame()", () => {
  it("should lay the header out byte by byte as the spec fixes it", () => {
    const payload = encodeApplicationFrame(request, Buffer.from("body"));
    expect(payload.toString("hex")).toBe(
      "5341" + "01" + "01" + "0102030405060708" + "0000" + "08" + Buffer.from("cart/add").toString("hex") + Buffer.from("body").toString("hex"));
  });

  it("should refuse a header the rules forbid", () => {
    expect(() => encodeApplicationFrame({ ...request, requestId: 0n })).toThrow(RangeError);
    expect(() => encodeApplicationFrame({ ...request, status: 3 })).toThrow(RangeError);
    expect(() => encodeApplicationFrame({ ...request, operation: "" })).toThrow(RangeError);
  });
});

describe("decodeApplicationFrame()", () => {
  it("should read back a request and a response with its status", () => {
    expect(decodeApplicationFrame(encodeApplicationFrame(request, Buffer.from("x")))).toEqual(request);
    const response = { kind: FrameKind.FRAME_KIND_RESPONSE, requestId: 9n, operation: "get", status: 404 };
    expect(decodeApplicationFrame(encodeApplicationFrame(response))).toEqual(response);
  });

  it("should leave a payload that breaks any rule unframed", () => {
    const good = encodeApplicationFrame(request);
    const broken = (offset: number, value: number) => {
      const copy = Buffer.from(good);
      copy[offset] = value;
      return copy;
    };
    expect(decodeApplicationFrame(good.subarray(0, 15))).toBeUndefined();
    expect(decodeApplicationFrame(broken(0, 0x54))).toBeUndefined();
    expect(decodeApplicationFrame(broken(2, 0x02))).toBeUndefined();
    expect(decodeApplicationFrame(broken(3, 0x03))).toBeUndefined();
    expect(decodeApplicationFrame(broken(13, 0x01))).toBeUndefined();
    expect(decodeApplicationFrame(broken(14, 0))).toBeUndefined();
    expect(decodeApplicationFrame(broken(14, 65))).toBeUndefined();
    expect(decodeApplicationFrame(broken(15, 0x20))).toBeUndefined();
    expect(decodeApplicationFrame(Buffer.from("plain text, no header at all"))).toBeUndefined();
  });
});
