import { core, rpc } from "@strata/sdk/contracts";
import { duplicates } from "../helpers/duplicates.js";
import { check } from "../registry/check-registry.js";
import { featureName } from "../helpers/describe-error.js";

check("GetInfo names the vendor, product and version [identity]", { covers: ["CORE-SVC-3", "CORE-SVC-4"] }, async (t) => {
  const info = await t.expectCode(t.operator.identity.getInfo({}), rpc.Code.OK, "IdentityService.GetInfo");
  const empty = (["vendor", "product", "version"] as const).filter((field) => info[field].trim() === "");
  t.ensure(empty.length === 0, `GetInfo leaves ${empty.join(", ")} empty; the standard requires vendor, product and version to be non-empty`);
});

check("GetInfo.spec_version is MAJOR.MINOR.PATCH [identity]", { covers: ["CORE-SVC-4"] }, async (t) => {
  const { specVersion } = await t.expectCode(t.operator.identity.getInfo({}), rpc.Code.OK, "IdentityService.GetInfo");
  t.ensure(/^\d+\.\d+\.\d+$/.test(specVersion),
    `GetInfo.spec_version is "${specVersion}"; the standard requires MAJOR.MINOR.PATCH, for example "0.1.0"`);
});

check("GetInfo.layers declares every layer under test, once each, without LAYER_UNSPECIFIED [identity]", { covers: ["CORE-SVC-4", "CORE-LAYER-2"] }, async (t) => {
  const { layers } = await t.expectCode(t.operator.identity.getInfo({}), rpc.Code.OK, "IdentityService.GetInfo");
  const shown = `[${layers.map(core.layerToJSON).join(", ")}]`;
  t.ensure(layers.length > 0, "GetInfo.layers is empty; the standard requires at least one layer");
  t.ensure(!layers.includes(core.Layer.LAYER_UNSPECIFIED), `GetInfo.layers is ${shown}; the standard forbids LAYER_UNSPECIFIED`);
  const repeated = duplicates(layers);
  t.ensure(repeated.length === 0, `GetInfo.layers is ${shown}: ${repeated.map(core.layerToJSON).join(", ")} more than once; the standard forbids duplicates`);
  const undeclared = t.modules.filter((m) => !layers.includes(m.layer)).map((m) => core.layerToJSON(m.layer));
  t.ensure(undeclared.length === 0, `GetInfo.layers is ${shown}; the suite tests ${undeclared.join(", ")}, which the endpoint must declare`);
});

check("GetCapabilities declares each feature once, without FEATURE_UNSPECIFIED [identity] [capabilities]", { covers: ["CORE-CAP-1"] }, async (t) => {
  const response = await t.expectCode(t.operator.identity.getCapabilities({}), rpc.Code.OK, "IdentityService.GetCapabilities");
  const features = response.capabilities.map((c) => c.feature);
  t.ensure(!features.includes(core.Feature.FEATURE_UNSPECIFIED), "GetCapabilities declares FEATURE_UNSPECIFIED; the standard forbids it");
  const repeated = duplicates(features);
  t.ensure(repeated.length === 0, `GetCapabilities declares ${repeated.map(featureName).join(", ")} more than once; the standard forbids duplicates`);
});

check("GetCapabilities.limits are present and usable [identity] [capabilities]", { covers: ["CORE-LIM-1"] }, async (t) => {
  const { limits } = await t.expectCode(t.operator.identity.getCapabilities({}), rpc.Code.OK, "IdentityService.GetCapabilities");
  if (!limits) return t.fail("GetCapabilities.limits is missing; the standard requires it");
  const problems = [
    limits.maxPageSize < 1 && `max_page_size is ${limits.maxPageSize} (at least 1)`,
    limits.maxIoBytes < 4096n && `max_io_bytes is ${limits.maxIoBytes} (at least 4096)`,
    limits.sampleIntervalNs <= 0n && `sample_interval_ns is ${limits.sampleIntervalNs} (more than 0)`,
    limits.telemetryRetainedItems <= 0n && `telemetry_retained_items is ${limits.telemetryRetainedItems} (more than 0)`,
  ].filter(Boolean);
  t.ensure(problems.length === 0, `GetCapabilities.limits: ${problems.join("; ")}; the suite needs limits it can use`);
});

check("Probe answers ready [identity]", { covers: ["CORE-SVC-5"] }, async (t) => {
  const probe = await t.expectCode(t.operator.identity.probe({}), rpc.Code.OK, "IdentityService.Probe");
  t.ensure(probe.ready, `Probe answered ready = false${probe.reason ? ` ("${probe.reason}")` : " without a reason"}; `
    + "the endpoint must be ready to be tested, and a not-ready answer must say why");
});

check("IdentityService answers without credentials [identity] [tenancy]", { covers: ["CORE-SVC-1", "CORE-SVC-2"] }, async (t) => {
  const anonymous = t.connect("anonymous");
  await t.expectCode(anonymous.identity.getInfo({}), rpc.Code.OK, "IdentityService.GetInfo without credentials");
  await t.expectCode(anonymous.identity.getCapabilities({}), rpc.Code.OK, "IdentityService.GetCapabilities without credentials");
  await t.expectCode(anonymous.identity.probe({}), rpc.Code.OK, "IdentityService.Probe without credentials");
});
