import { core, rpc } from "@strata/sdk/contracts";
import { compute } from "@strata/sdk/compute";
import { expectInvalidField } from "../../helpers/expect-invalid-field.js";
import { uniqueName } from "../../helpers/unique-name.js";
import { check } from "./compute-checks.js";
import { createInstance, MiB } from "./support/compute-instances.js";
import { listHosts } from "./support/list-pages.js";

const { Code } = rpc;
const Reason = core.ErrorReason;
const LIVE_RESIZE = core.Feature.FEATURE_COMPUTE_LIVE_RESIZE;
const RESIZABLE = { requires: [LIVE_RESIZE] } as const;

check("ResizeInstance changes the shape of a running instance, which keeps executing; the same shape answers OK [compute] [resize]", { ...RESIZABLE, covers: ["CORE-CAP-3", "CORE-COMP-1", "COMP-INST-5"] }, async (t) => {
  const host = (await listHosts(t))[0]!;
  const { instanceId } = await createInstance(t, "grow", { hostId: host.hostId });
  const vcpuCount = Math.min(2, host.cpuCores);
  const running = t.tenantA.execution.execute({ instanceId, spin: { cpuTimeNs: 20_000_000n } });
  running.catch(() => undefined); // its answer is checked below; a failure must not go unobserved meanwhile
  const { instance } = await t.expectCode(t.tenantA.instances.resizeInstance({ instanceId, vcpuCount, memoryBytes: 64n * MiB }), Code.OK,
    `ResizeInstance of a running instance to ${vcpuCount} vCPUs and 64 MiB`);
  await t.expectCode(running, Code.OK, "an Execute running while the instance was resized");
  t.equal([instance?.vcpuCount, instance?.memoryBytes, instance?.state], [vcpuCount, 64n * MiB, compute.InstanceState.INSTANCE_STATE_RUNNING],
    "ResizeInstance must answer the running instance in its new shape");
  const got = await t.expectCode(t.tenantA.instances.getInstance({ instanceId }), Code.OK, "GetInstance after ResizeInstance");
  t.equal([got.instance?.vcpuCount, got.instance?.memoryBytes], [vcpuCount, 64n * MiB], "GetInstance after ResizeInstance must show the new shape");
  await t.expectCode(t.tenantA.execution.execute({ instanceId, hash: { sizeBytes: 4096n, seed: Buffer.from("x") } }), Code.OK, "Execute after ResizeInstance");
  const repeats = await t.repeat((i) => t.expectCode(t.tenantA.instances.resizeInstance({ instanceId, vcpuCount, memoryBytes: 64n * MiB }), Code.OK,
    `ResizeInstance to the current shape (call ${i + 1})`));
  t.equal([...new Set(repeats.map((r) => `${r.instance?.vcpuCount}/${r.instance?.memoryBytes}`))], [`${vcpuCount}/${64n * MiB}`],
    "ResizeInstance to the current shape must answer the instance unchanged");
});

check("ResizeInstance answers each error of its table: INVALID_ARGUMENT naming the field, NOT_FOUND, RESOURCE_EXHAUSTED [compute] [resize] [errors]",
  { ...RESIZABLE, covers: ["CORE-ERR-7", "CORE-ERR-3", "COMP-INST-5"] }, async (t) => {
    const host = (await listHosts(t))[0]!;
    const { instanceId } = await createInstance(t, "resize-errors", { hostId: host.hostId });
    await expectInvalidField(t, t.tenantA.instances.resizeInstance({ instanceId: "", vcpuCount: 1, memoryBytes: 32n * MiB }), "instance_id", "ResizeInstance without instance_id");
    await expectInvalidField(t, t.tenantA.instances.resizeInstance({ instanceId, vcpuCount: 0, memoryBytes: 32n * MiB }), "vcpu_count", "ResizeInstance to 0 vCPUs");
    await expectInvalidField(t, t.tenantA.instances.resizeInstance({ instanceId, vcpuCount: 1, memoryBytes: 8n * MiB }), "memory_bytes", "ResizeInstance to 8 MiB");
    await expectInvalidField(t, t.tenantA.instances.resizeInstance({ instanceId, vcpuCount: 1, memoryBytes: 32n * MiB + 1n }), "memory_bytes",
      "ResizeInstance to a size not a multiple of 1 MiB");
    await t.expectCode(t.tenantA.instances.resizeInstance({ instanceId: uniqueName("unknown"), vcpuCount: 1, memoryBytes: 32n * MiB }), Code.NOT_FOUND,
      "ResizeInstance of an unknown instance", Reason.ERROR_REASON_RESOURCE_NOT_FOUND);
    for (const [situation, vcpuCount, memoryBytes] of [
      [`to ${host.cpuCores + 1} vCPUs on a host of ${host.cpuCores} cores`, host.cpuCores + 1, 32n * MiB],
      [`to more memory than its host has (${host.memoryBytes} bytes)`, 1, (host.memoryBytes / MiB + 1n) * MiB],
    ] as const) {
      const error = await t.expectCode(t.tenantA.instances.resizeInstance({ instanceId, vcpuCount, memoryBytes }), Code.RESOURCE_EXHAUSTED,
        `ResizeInstance ${situation}`, Reason.ERROR_REASON_CAPACITY_EXHAUSTED);
      t.ensure(error.retryDelayMs === undefined, `ResizeInstance beyond capacity carries RetryInfo (${error.retryDelayMs} ms); the standard forbids it on CAPACITY_EXHAUSTED`);
    }
    const { instance } = await t.expectCode(t.tenantA.instances.getInstance({ instanceId }), Code.OK, "GetInstance after the refused resizes");
    t.equal([instance?.vcpuCount, instance?.memoryBytes], [1, 32n * MiB], "a refused ResizeInstance changed the instance's shape");
  });

check("ResizeInstance answers UNIMPLEMENTED when FEATURE_COMPUTE_LIVE_RESIZE is not declared [compute] [resize] [capabilities]", { covers: ["CORE-CAP-2"] }, async (t) => {
  if (t.has(LIVE_RESIZE)) t.skip("the endpoint declares FEATURE_COMPUTE_LIVE_RESIZE");
  const { instanceId } = await createInstance(t, "no-resize");
  await t.expectCode(t.tenantA.instances.resizeInstance({ instanceId, vcpuCount: 1, memoryBytes: 64n * MiB }), Code.UNIMPLEMENTED,
    "ResizeInstance on an endpoint that does not declare FEATURE_COMPUTE_LIVE_RESIZE", Reason.ERROR_REASON_CAPABILITY_NOT_SUPPORTED);
  const { instance } = await t.expectCode(t.tenantA.instances.getInstance({ instanceId }), Code.OK, "GetInstance after the refused resize");
  t.equal(instance?.memoryBytes, 32n * MiB, "a ResizeInstance the endpoint refused as UNIMPLEMENTED changed the instance");
});
