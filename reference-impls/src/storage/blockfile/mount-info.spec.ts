import { describe, expect, it } from "vitest";
import { deviceNumbers } from "./filesystem-device.js";
import { parseMountInfo } from "./mount-info.js";

describe("parseMountInfo()", () => {
  it("should read device, mount point, type and source, optional fields or not", () => {
    const text = [
      "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard",
      "36 35 98:0 /mnt1 /mnt/with\\040space rw,noatime master:1 shared:2 - ext3 /dev/root rw,errors=continue",
      "garbage",
    ].join("\n");
    expect(parseMountInfo(text)).toEqual([
      { device: "254:0", mountPoint: "/", fsType: "ext4", source: "/dev/vda" },
      { device: "98:0", mountPoint: "/mnt/with space", fsType: "ext3", source: "/dev/root" },
    ]);
  });
});

describe("deviceNumbers()", () => {
  it("should split a Linux dev_t into major and minor", () => {
    expect(deviceNumbers(65024n)).toEqual({ major: 254n, minor: 0n });
    expect(deviceNumbers(0x801n)).toEqual({ major: 8n, minor: 1n });
    expect(deviceNumbers((259n << 8n) | (0x12345n & 0xffn) | ((0x12345n & ~0xffn) << 12n))).toEqual({ major: 259n, minor: 0x12345n });
  });
});
