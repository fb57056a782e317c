/**
 * The compute requirements (docs/compute.md) that common checks prove when
 * they run for compute, by the common check's title.
 */
export const computeCommonCovers: Readonly<Record<string, readonly string[]>> = {
  "Every data-path call, failed or not, yields exactly one request record with the caller's tenant and application [telemetry]":
    ["COMP-REC-1"],
  "Every metric of the layer's catalogue arrives for a resource with its kind, unit, attributes, tenant and application, consistent with the traffic [telemetry] [metrics]":
    ["COMP-CAT-1", "COMP-CAT-2"],
};
